"""The "choosing a path" guide as a transparent scoring function.

The article names three factors: the nature of the AI project, the resources available,
and the organisation's long-term AI strategy. The site's scenarios add a fourth input that
the article folds into strategy, and that decides the bank's case: the rules on personal
data the organisation works under.

Direction and scale are kept apart, because they answer different questions:

- the nature of the project, the long-term strategy and the privacy rules each get a score
  between -1 (points to MLOps) and +1 (points to LLMOps); their weighted sum decides the
  path, and every contribution is reported so a reader can see -- and argue with -- it. A
  total close to zero recommends both: an MLOps foundation with LLMOps practices on top;
- the available resources do not point to either path. Scarce resources mean buying rather
  than building (calling a hosted model, keeping classic models small), not switching
  paths, so they decide :func:`how_to_start` instead.

The weights and the margin are explicit parameters, not hidden constants. They were set by
hand: the nature of the project first, then values for which the page's worked scenarios
(:data:`SCENARIOS`) come out as the page argues them. A unit test checks that the page's
recommendations are the ones this function gives; because the weights were chosen with
those scenarios in view, that agreement is a consistency check, not evidence that the
weights are right. Scoring strict privacy towards MLOps is the site's judgement, not the
article's (it lists privacy as a challenge for both paths).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from opskb.examples.display import markdown_table

OpsPath = Literal["LLMOps", "MLOps", "both"]

#: Resource levels, smallest first. They set the starting point, not the direction.
RESOURCE_LEVELS: tuple[str, ...] = ("limited", "moderate", "ample")
#: Long-term strategy -> score.
STRATEGY_SCORES: Mapping[str, float] = {
    "language-first": 1.0,
    "balanced": 0.0,
    "broad-portfolio": -1.0,
}
#: Privacy rules -> score. Strict rules (regulated personal data that may not leave the
#: organisation, audits, fairness checks before release) call for MLOps governance first:
#: lineage, a registry and release checks, whatever models run on top.
PRIVACY_SCORES: Mapping[str, float] = {"standard": 0.0, "strict": -1.0}
#: Weight of each scored factor; the nature of the project matters most.
DEFAULT_WEIGHTS: Mapping[str, float] = {
    "nature of the project": 0.45,
    "long-term strategy": 0.25,
    "privacy rules": 0.30,
}
#: |total| at or below this recommends both paths.
DEFAULT_MARGIN = 0.2

#: Resource level -> where to start, for any path.
_START_BY_RESOURCES: Mapping[str, str] = {
    "limited": "train nothing large: call a hosted model for language tasks, keep other "
    "models small, use managed services",
    "moderate": "adapt rather than build: call hosted models or fine-tune small open ones, "
    "on one shared platform",
    "ample": "self-hosting and fine-tuning are affordable, but still start from pre-trained models",
}


@dataclass(frozen=True)
class ProjectProfile:
    """The inputs.

    - ``language_share``: the share (0 to 1) of planned models that are language models;
    - ``resources``: ``"limited"``, ``"moderate"`` or ``"ample"`` compute, budget and staff;
    - ``strategy``: ``"language-first"``, ``"balanced"`` or ``"broad-portfolio"``;
    - ``privacy``: ``"standard"``, or ``"strict"`` when personal data is regulated and may
      not leave the organisation's own infrastructure.
    """

    language_share: float
    resources: str
    strategy: str
    privacy: str = "standard"

    def __post_init__(self) -> None:
        share = self.language_share
        if isinstance(share, bool) or not isinstance(share, int | float) or math.isnan(share):
            raise ValueError(f"language_share must be a number between 0 and 1, got {share!r}")
        if not 0 <= share <= 1:
            raise ValueError(f"language_share must be between 0 and 1, got {share!r}")
        for name, allowed in (
            ("resources", RESOURCE_LEVELS),
            ("strategy", STRATEGY_SCORES),
            ("privacy", PRIVACY_SCORES),
        ):
            value = getattr(self, name)
            if value not in allowed:
                choices = ", ".join(repr(choice) for choice in allowed)
                raise ValueError(f"{name} must be one of {choices}; got {value!r}")


def how_to_start(profile: ProjectProfile) -> str:
    """Where to start with the profile's resources; strict privacy rules out public APIs."""
    advice = _START_BY_RESOURCES[profile.resources]
    if profile.privacy == "strict" and profile.language_share > 0:
        advice = (
            "personal data may not go to a public hosted model, so run language models "
            "self-hosted or privately deployed"
        )
        if profile.resources == "limited":
            advice += ", which limited resources may not cover: narrow the scope first"
    return advice


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
    start: str
    start_inputs: str

    def explain(self) -> str:
        """The recommendation followed by one line per factor."""
        lines = [
            (
                f"Recommendation: {self.path} (total {self.total:+.2f}; "
                f"|total| <= {self.margin:.2f} means both)"
            )
        ]
        lines.extend(f"- {c.explain()}" for c in self.contributions)
        lines.append(f"- how to start ({self.start_inputs}): {self.start}")
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
    """Score ``profile``, recommend LLMOps, MLOps or both, and say how to start."""
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
            "long-term strategy",
            profile.strategy,
            STRATEGY_SCORES[profile.strategy],
            weights["long-term strategy"],
        ),
        Contribution(
            "privacy rules",
            profile.privacy,
            PRIVACY_SCORES[profile.privacy],
            weights["privacy rules"],
        ),
    )
    # Rounded so that a total meant to sit on the margin is not pushed off it by float error.
    total = round(sum(c.weighted for c in contributions), 9)
    path: OpsPath = "both" if abs(total) <= margin else "LLMOps" if total > 0 else "MLOps"
    return Recommendation(
        path=path,
        total=total,
        contributions=contributions,
        margin=margin,
        start=how_to_start(profile),
        start_inputs=f"{profile.resources} resources, {profile.privacy} privacy rules",
    )


@dataclass(frozen=True)
class Scenario:
    """A worked scenario of the "Choosing a path" page: its heading and its inputs."""

    title: str
    profile: ProjectProfile


#: The page's worked scenarios, keyed by their labels on the page (``(scenario-...)=``).
#: The page describes each in words; these are the same organisations as inputs.
SCENARIOS: Mapping[str, Scenario] = {
    "scenario-support-chatbot-startup": Scenario(
        "A startup building a support chatbot",
        ProjectProfile(1.0, "limited", "language-first", "standard"),
    ),
    "scenario-retailer-mixed-portfolio": Scenario(
        "A retailer with forecasting, recommendations and vision",
        ProjectProfile(0.0, "moderate", "broad-portfolio", "standard"),
    ),
    "scenario-bank-strict-privacy": Scenario(
        "A bank with strict privacy rules",
        ProjectProfile(0.5, "ample", "balanced", "strict"),
    ),
}


def scenarios_table(
    scenarios: Mapping[str, Scenario], weights: Mapping[str, float] = DEFAULT_WEIGHTS
) -> str:
    """Markdown: each scenario's inputs, every factor's weighted part, total and answer."""
    rows = []
    for scenario in scenarios.values():
        profile = scenario.profile
        answer = recommend(profile, weights)
        rows.append(
            [
                scenario.title,
                f"{profile.language_share:.0%}",
                profile.strategy,
                profile.privacy,
                *(f"{c.weighted:+.2f}" for c in answer.contributions),
                f"{answer.total:+.2f}",
                f"**{answer.path}**",
                profile.resources,
                answer.start,
            ]
        )
    headers = ["organisation", "language models", "strategy", "privacy"]
    headers += ["nature part", "strategy part", "privacy part", "total", "recommendation"]
    headers += ["resources", "how to start"]
    return markdown_table(headers, rows)
