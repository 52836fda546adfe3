"""The "choosing a path" scoring function: inputs, weights, explanation, the page's scenarios."""

import math
import re

import pytest

from opskb import paths
from opskb.examples import choosing as c


def test_language_heavy_project_gets_llmops():
    result = c.recommend(c.ProjectProfile(1.0, "ample", "language-first"))
    assert result.path == "LLMOps"
    assert result.total == pytest.approx(0.7)


def test_broad_portfolio_under_strict_rules_gets_mlops():
    result = c.recommend(c.ProjectProfile(0.0, "limited", "broad-portfolio", "strict"))
    assert result.path == "MLOps"
    assert result.total == pytest.approx(-1.0)


def test_balanced_project_gets_both():
    result = c.recommend(c.ProjectProfile(0.5, "moderate", "balanced"))
    assert result.path == "both"
    assert result.total == 0


@pytest.mark.parametrize("share", [0.0, 0.5, 1.0])
def test_resources_never_change_the_path_only_the_start(share):
    """Few resources mean buying instead of building, on either path (the startup case)."""
    answers = {
        level: c.recommend(c.ProjectProfile(share, level, "balanced"))
        for level in c.RESOURCE_LEVELS
    }
    assert len({(a.path, a.total) for a in answers.values()}) == 1
    assert len({a.start for a in answers.values()}) == len(c.RESOURCE_LEVELS)
    assert "call a hosted model" in answers["limited"].start


def test_strict_privacy_points_to_mlops_and_rules_out_public_apis():
    standard = c.recommend(c.ProjectProfile(0.5, "ample", "balanced", "standard"))
    strict = c.recommend(c.ProjectProfile(0.5, "ample", "balanced", "strict"))
    assert standard.path == "both"
    assert strict.path == "MLOps"
    assert "self-hosted or privately deployed" in strict.start
    tight = c.how_to_start(c.ProjectProfile(0.5, "limited", "balanced", "strict"))
    assert "narrow the scope" in tight
    # Without language models there is no model to keep off a public API.
    assert c.how_to_start(c.ProjectProfile(0.0, "limited", "balanced", "strict")).startswith(
        "train nothing large"
    )


def test_contributions_add_up_and_follow_the_weights():
    result = c.recommend(c.ProjectProfile(0.8, "limited", "balanced", "strict"))
    parts = {p.factor: p for p in result.contributions}
    assert list(parts) == list(c.DEFAULT_WEIGHTS)
    assert parts["nature of the project"].score == pytest.approx(0.6)
    assert parts["nature of the project"].weighted == pytest.approx(0.27)
    assert parts["privacy rules"].weighted == pytest.approx(-0.3)
    assert parts["long-term strategy"].weighted == 0
    assert result.total == pytest.approx(sum(p.weighted for p in result.contributions))
    assert result.path == "both"


def test_explanation_lists_every_input():
    text = c.recommend(c.ProjectProfile(0.9, "moderate", "language-first")).explain()
    assert text.splitlines() == [
        "Recommendation: LLMOps (total +0.61; |total| <= 0.20 means both)",
        (
            "- nature of the project (90% language models): score +0.80 x weight 0.45 = +0.36, "
            "towards LLMOps"
        ),
        "- long-term strategy (language-first): score +1.00 x weight 0.25 = +0.25, towards LLMOps",
        "- privacy rules (standard): score +0.00 x weight 0.30 = +0.00, neutral",
        (
            "- how to start (moderate resources, standard privacy rules): adapt rather than "
            "build: call hosted models or fine-tune small open ones, on one shared platform"
        ),
    ]


def test_the_margin_is_inclusive_and_adjustable():
    profile = c.ProjectProfile(0.5, "ample", "language-first")  # total exactly +0.25
    assert c.recommend(profile, margin=0.25).path == "both"
    assert c.recommend(profile).path == "LLMOps"
    with pytest.raises(ValueError, match=r"margin must be in \[0, 1\)"):
        c.recommend(profile, margin=1.5)


def test_custom_weights_change_the_answer_and_are_validated():
    profile = c.ProjectProfile(0.5, "ample", "balanced", "strict")
    assert c.recommend(profile).path == "MLOps"
    privacy_light = {
        "nature of the project": 0.6,
        "long-term strategy": 0.3,
        "privacy rules": 0.1,
    }
    assert c.recommend(profile, weights=privacy_light).path == "both"
    with pytest.raises(ValueError, match=r"weights must sum to 1, got 1\.1"):
        c.recommend(profile, weights={**privacy_light, "privacy rules": 0.2})
    with pytest.raises(ValueError, match="weights must have exactly the keys"):
        c.recommend(profile, weights={"nature of the project": 1.0})
    with pytest.raises(ValueError, match="weights must not be negative"):
        c.recommend(
            profile,
            weights={**privacy_light, "nature of the project": -0.2, "privacy rules": 0.9},
        )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"language_share": 1.5}, "language_share must be between 0 and 1, got 1.5"),
        ({"language_share": -0.1}, "language_share must be between 0 and 1, got -0.1"),
        ({"language_share": math.nan}, "language_share must be a number between 0 and 1"),
        ({"language_share": "half"}, "language_share must be a number between 0 and 1"),
        ({"language_share": True}, "language_share must be a number between 0 and 1"),
        (
            {"resources": "huge"},
            "resources must be one of 'limited', 'moderate', 'ample'; got 'huge'",
        ),
        (
            {"strategy": "llm"},
            "strategy must be one of 'language-first', 'balanced', 'broad-portfolio'",
        ),
        ({"privacy": "lax"}, "privacy must be one of 'standard', 'strict'; got 'lax'"),
    ],
)
def test_profile_validation_names_the_bad_field(fields, message):
    values = {"language_share": 0.5, "resources": "moderate", "strategy": "balanced", **fields}
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        c.ProjectProfile(**values)


def _page_scenarios() -> dict[str, tuple[str, str]]:
    """label -> (heading, first word of the recommendation) for each scenario on the page."""
    page = (paths.DOCS / "choosing.md").read_text(encoding="utf-8")
    found = {}
    for match in re.finditer(r"^\((scenario-[a-z0-9-]+)\)=\n### (.+)$", page, re.MULTILINE):
        section = page[match.end() :].split("\n(", 1)[0]
        answer = re.search(r"\*\*Recommendation: (\w+)", section)
        assert answer, f"{match[1]} on the page states no recommendation"
        found[match[1]] = (match[2], answer[1])
    return found


def test_the_page_recommends_what_the_function_does_for_each_scenario():
    """The page's worked scenarios and :data:`SCENARIOS` are the same organisations with the
    same answers; changing the page or the function alone fails here."""
    page = _page_scenarios()
    assert set(page) == set(c.SCENARIOS)
    for label, scenario in c.SCENARIOS.items():
        heading, answer = page[label]
        assert heading == scenario.title
        assert answer == c.recommend(scenario.profile).path, label


def test_the_page_glues_the_scenario_table_from_the_notebook():
    page = (paths.DOCS / "choosing.md").read_text(encoding="utf-8")
    notebook = (paths.NOTEBOOKS / "choosing-a-path.md").read_text(encoding="utf-8")
    assert "choosing.scenarios_table(choosing.SCENARIOS)" in notebook
    scenarios_section = page[page.index("(choosing-scenarios)=") :]
    assert "```{glue} choosing-a-path-table" in scenarios_section


def test_scenarios_cover_both_single_paths_and_the_startup_buys():
    answers = {label: c.recommend(s.profile) for label, s in c.SCENARIOS.items()}
    assert {a.path for a in answers.values()} == {"LLMOps", "MLOps"}
    assert "call a hosted model" in answers["scenario-support-chatbot-startup"].start
    assert "privately deployed" in answers["scenario-bank-strict-privacy"].start


def test_markdown_outputs():
    answer = c.recommend(c.ProjectProfile(0.5, "moderate", "balanced"))
    lines = answer.explain_markdown().splitlines()
    assert lines[0] == "**Recommendation: both (total +0.00; |total| <= 0.20 means both)**"
    assert lines[1] == ""
    assert lines[2].startswith("- nature of the project")
    table = c.scenarios_table(c.SCENARIOS).splitlines()
    assert len(table) == 2 + len(c.SCENARIOS)
    assert "| +0.70 | **LLMOps** | limited | train nothing large" in table[2]
