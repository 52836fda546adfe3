"""The meta-description check (opskb.sphinxext.seo): what fails the site's build."""

from opskb.sphinxext.seo import MAX_DESCRIPTION, description_problems


def test_a_missing_long_or_shared_description_is_a_problem_that_names_the_page():
    descriptions = {
        "a": "About a.",
        "b": None,
        "c": "x" * (MAX_DESCRIPTION + 1),
        "d": "About a.",
        "404": None,
    }
    problems = description_problems(descriptions, skip={"404"})
    assert [problem.split(": ")[0] for problem in problems] == ["b", "c", "d"]
    assert "no meta description" in problems[0]
    assert f"is {MAX_DESCRIPTION + 1} characters" in problems[1]
    assert "the same as a's" in problems[2]
