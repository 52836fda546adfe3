"""The "choosing a path" guide as a transparent scoring function.

The article names three factors: the nature of the AI project, the resources available,
and the organisation's long-term AI strategy. Each factor is turned into a score between
-1 (points to MLOps) and +1 (points to LLMOps); the weighted sum decides, and every
factor's contribution is reported so a reader can see -- and argue with -- the answer.
A total close to zero recommends both: an MLOps foundation with LLMOps practices on top.
The weights and the margin are explicit parameters, not hidden constants.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from opskb.examples.display import markdown_table

OpsPath = Literal["LLMOps", "MLOps", "both"]

#: Resource level -> score. LLM training and serving are resource-intensive, so limited
#: compute and budget pull towards MLOps; ample resources make LLMOps feasible.
RESOURCE_SCORES: Mapping[str, float] = {"limited": -1.0, "moderate": 0.0, "ample": 1.0}
#: Long-term strategy -> score.
STRATEGY_SCORES: Mapping[str, float] = {
    "language-first": 1.0,
    "balanced": 0.0,
    "broad-portfolio": -1.0,
}
#: Weight of each factor; the nature of the project matters most.
DEFAULT_WEIGHTS: Mapping[str, float] = {
    "nature of the project": 0.5,
    "available resources": 0.2,
    "long-term strategy": 0.3,
}
#: |total| at or below this recommends both paths.
DEFAULT_MARGIN = 0.2


@dataclass(frozen=True)
class ProjectProfile:
    """The inputs, one per factor.

    - ``language_share``: the share (0 to 1) of planned models that are language models;
    - ``resources``: ``"limited"``, ``"moderate"`` or ``"ample"`` compute, budget and staff;
    - ``strategy``: ``"language-first"``, ``"balanced"`` or ``"broad-portfolio"``.
    """

    language_share: float
    resources: str
    strategy: str

    def __post_init__(self) -> None:
        share = self.language_share
        if isinstance(share, bool) or not isinstance(share, int | float) or math.isnan(share):
            raise ValueError(f"language_share must be a number between 0 and 1, got {share!r}")
        if not 0 <= share <= 1:
            raise ValueError(f"language_share must be between 0 and 1, got {share!r}")
        for name, allowed in (("resources", RESOURCE_SCORES), ("strategy", STRATEGY_SCORES)):
            value = getattr(self, name)
            if value not in allowed:
                choices = ", ".join(repr(choice) for choice in allowed)
                raise ValueError(f"{name} must be one of {choices}; got {value!r}")


@dataclass(frozen=True)
class Contribution:
    """One factor's part in the decision."""

    factor: str
    value: str
    score: float
    weight: float

    @property
    def weighted(self) -> float:
        """``score * weight``: what this factor adds to the total."""
        return self.score * self.weight

    def explain(self) -> str:
        """One line: the input, its score, the weight and which way it points."""
        direction = (
            "towards LLMOps"
            if self.weighted > 0
            else "towards MLOps"
            if self.weighted < 0
            else "neutral"
        )
        return (
            f"{self.factor} ({self.value}): score {self.score:+.2f} x weight {self.weight:.2f} "
            f"= {self.weighted:+.2f}, {direction}"
        )


@dataclass(frozen=True)
class Recommendation:
    """The answer, the total behind it and each factor's contribution."""

    path: OpsPath
    total: float
    contributions: tuple[Contribution, ...]
    margin: float

    def explain(self) -> str:
        """The recommendation followed by one line per factor."""
        lines = [
            (
                f"Recommendation: {self.path} (total {self.total:+.2f}; "
                f"|total| <= {self.margin:.2f} means both)"
            )
        ]
        lines.extend(f"- {c.explain()}" for c in self.contributions)
        return "\n".join(lines)

    def explain_markdown(self) -> str:
        """The explanation as Markdown: the answer in bold, then a list of factors."""
        first, *factors = self.explain().splitlines()
        return "\n".join([f"**{first}**", "", *factors])


def _check_weights(weights: Mapping[str, float]) -> None:
    if set(weights) != set(DEFAULT_WEIGHTS):
        raise ValueError(f"weights must have exactly the keys {sorted(DEFAULT_WEIGHTS)}")
    if any(w < 0 for w in weights.values()):
        raise ValueError("weights must not be negative")
    if not math.isclose(sum(weights.values()), 1.0):
        raise ValueError(f"weights must sum to 1, got {sum(weights.values()):g}")


def recommend(
    profile: ProjectProfile,
    weights: Mapping[str, float] = DEFAULT_WEIGHTS,
    margin: float = DEFAULT_MARGIN,
) -> Recommendation:
    """Score ``profile`` on the three factors and recommend LLMOps, MLOps or both."""
    _check_weights(weights)
    if not 0 <= margin < 1:
        raise ValueError(f"margin must be in [0, 1), got {margin}")
    contributions = (
        Contribution(
            "nature of the project",
            f"{profile.language_share:.0%} language models",
            2 * profile.language_share - 1,
            weights["nature of the project"],
        ),
        Contribution(
            "available resources",
            profile.resources,
            RESOURCE_SCORES[profile.resources],
            weights["available resources"],
        ),
        Contribution(
            "long-term strategy",
            profile.strategy,
            STRATEGY_SCORES[profile.strategy],
            weights["long-term strategy"],
        ),
    )
    # Rounded so that a total meant to sit on the margin is not pushed off it by float error.
    total = round(sum(c.weighted for c in contributions), 9)
    path: OpsPath = "both" if abs(total) <= margin else "LLMOps" if total > 0 else "MLOps"
    return Recommendation(path=path, total=total, contributions=contributions, margin=margin)


#: Three illustrative organisations for the notebook.
EXAMPLE_PROFILES: Mapping[str, ProjectProfile] = {
    "support-assistant start-up": ProjectProfile(0.9, "moderate", "language-first"),
    "retailer: vision, forecasting, recommendations": ProjectProfile(
        0.1, "moderate", "broad-portfolio"
    ),
    "bank: fraud models plus a document assistant": ProjectProfile(0.4, "ample", "balanced"),
}


def profiles_table(
    profiles: Mapping[str, ProjectProfile], weights: Mapping[str, float] = DEFAULT_WEIGHTS
) -> str:
    """Markdown: each named profile, every factor's weighted part, total and answer."""
    rows = []
    for name, profile in profiles.items():
        answer = recommend(profile, weights)
        rows.append(
            [
                name,
                f"{profile.language_share:.0%}",
                profile.resources,
                profile.strategy,
                *(f"{c.weighted:+.2f}" for c in answer.contributions),
                f"{answer.total:+.2f}",
                f"**{answer.path}**",
            ]
        )
    headers = ["organisation", "language models", "resources", "strategy"]
    headers += ["nature part", "resources part", "strategy part", "total", "recommendation"]
    return markdown_table(headers, rows)
