"""The "choosing a path" scoring function: inputs, weights, explanation."""

import math

import pytest

from opskb.examples import choosing as c


def test_language_heavy_project_gets_llmops():
    result = c.recommend(c.ProjectProfile(1.0, "ample", "language-first"))
    assert result.path == "LLMOps"
    assert result.total == pytest.approx(1.0)


def test_broad_portfolio_gets_mlops():
    result = c.recommend(c.ProjectProfile(0.0, "limited", "broad-portfolio"))
    assert result.path == "MLOps"
    assert result.total == pytest.approx(-1.0)


def test_balanced_project_gets_both():
    result = c.recommend(c.ProjectProfile(0.5, "moderate", "balanced"))
    assert result.path == "both"
    assert result.total == 0


def test_contributions_add_up_and_follow_the_weights():
    result = c.recommend(c.ProjectProfile(0.8, "limited", "balanced"))
    parts = {p.factor: p for p in result.contributions}
    assert list(parts) == list(c.DEFAULT_WEIGHTS)
    assert parts["nature of the project"].score == pytest.approx(0.6)
    assert parts["nature of the project"].weighted == pytest.approx(0.3)
    assert parts["available resources"].weighted == pytest.approx(-0.2)
    assert parts["long-term strategy"].weighted == 0
    assert result.total == pytest.approx(sum(p.weighted for p in result.contributions))
    assert result.path == "both"


def test_explanation_lists_every_factor():
    text = c.recommend(c.ProjectProfile(0.9, "moderate", "language-first")).explain()
    assert text.splitlines() == [
        "Recommendation: LLMOps (total +0.70; |total| <= 0.20 means both)",
        (
            "- nature of the project (90% language models): score +0.80 x weight 0.50 = +0.40, "
            "towards LLMOps"
        ),
        "- available resources (moderate): score +0.00 x weight 0.20 = +0.00, neutral",
        "- long-term strategy (language-first): score +1.00 x weight 0.30 = +0.30, towards LLMOps",
    ]


def test_the_margin_is_inclusive_and_adjustable():
    profile = c.ProjectProfile(0.5, "ample", "balanced")  # total exactly +0.2
    assert c.recommend(profile).path == "both"
    assert c.recommend(profile, margin=0.1).path == "LLMOps"
    with pytest.raises(ValueError, match=r"margin must be in \[0, 1\)"):
        c.recommend(profile, margin=1.5)


def test_custom_weights_change_the_answer_and_are_validated():
    profile = c.ProjectProfile(0.9, "limited", "broad-portfolio")
    assert c.recommend(profile).path == "both"
    resources_first = {
        "nature of the project": 0.2,
        "available resources": 0.6,
        "long-term strategy": 0.2,
    }
    assert c.recommend(profile, weights=resources_first).path == "MLOps"
    with pytest.raises(ValueError, match=r"weights must sum to 1, got 1\.1"):
        c.recommend(profile, weights={**resources_first, "long-term strategy": 0.3})
    with pytest.raises(ValueError, match="weights must have exactly the keys"):
        c.recommend(profile, weights={"nature of the project": 1.0})
    with pytest.raises(ValueError, match="weights must not be negative"):
        c.recommend(
            profile,
            weights={**resources_first, "nature of the project": -0.2, "available resources": 1.0},
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
    ],
)
def test_profile_validation_names_the_bad_field(fields, message):
    values = {"language_share": 0.5, "resources": "moderate", "strategy": "balanced", **fields}
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        c.ProjectProfile(**values)


def test_example_profiles_cover_all_three_answers():
    paths = {name: c.recommend(p).path for name, p in c.EXAMPLE_PROFILES.items()}
    assert sorted(paths.values()) == ["LLMOps", "MLOps", "both"]


def test_markdown_outputs():
    answer = c.recommend(c.ProjectProfile(0.5, "moderate", "balanced"))
    lines = answer.explain_markdown().splitlines()
    assert lines[0] == "**Recommendation: both (total +0.00; |total| <= 0.20 means both)**"
    assert lines[1] == ""
    assert lines[2].startswith("- nature of the project")
    table = c.profiles_table(c.EXAMPLE_PROFILES).splitlines()
    assert len(table) == 2 + len(c.EXAMPLE_PROFILES)
    assert table[2].endswith("| +0.70 | **LLMOps** |")
