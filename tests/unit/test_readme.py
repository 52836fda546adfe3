"""The README's promise: two commands first, and every session it names exists."""

import ast
import re

from opskb import paths

README = (paths.REPO / "README.md").read_text(encoding="utf-8")


def first_console_block() -> list[str]:
    match = re.search(r"^```console\n(.*?)^```$", README, flags=re.DOTALL | re.MULTILINE)
    assert match, "README.md must open with a ```console block holding the two commands"
    return match.group(1).strip().splitlines()


def noxfile_sessions() -> set[str]:
    """Session names: the function's, or the ``name=`` its decorator gives (jupyter-book)."""
    tree = ast.parse((paths.REPO / "noxfile.py").read_text(encoding="utf-8"))
    names = set()
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef):
            continue
        for decorator in node.decorator_list:
            if "session" not in ast.unparse(decorator):
                continue
            keywords = decorator.keywords if isinstance(decorator, ast.Call) else []
            given = [k.value.value for k in keywords if k.arg == "name"]
            names.add(given[0] if given else node.name)
    return names


def test_readme_opens_with_exactly_the_build_and_test_commands():
    assert README.index("```console") < README.index("\n## "), "the commands come first"
    assert first_console_block() == [
        "python3 -m pip install nox uv && nox -s docs",
        "nox -s tests",
    ]


def test_every_session_the_readme_names_exists():
    named = set(re.findall(r"nox -s ([\w-]+)", README))
    assert named, "the README names nox sessions"
    assert named <= noxfile_sessions(), f"missing sessions: {named - noxfile_sessions()}"
