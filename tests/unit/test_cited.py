"""python -m opskb.cited on guideline fixtures: one line per address, and the exit status."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest

from opskb import cited

DATA = Path(__file__).parents[1] / "data" / "guidelines"
INDEX = str(DATA / "sections.json")
SITE = "https://kb.example.org/en"
EVALUATION = "practice/evaluation.html"
CHANGES = f"{SITE}/0.4.0/{EVALUATION}#cite-this-page"


def run(capsys, *args: str) -> tuple[int, list[str], str]:
    status = cited.main(["--index", INDEX, *args])
    out, err = capsys.readouterr()
    return status, out.splitlines(), err


def test_markdown_guideline_lines(capsys):
    path = DATA / "guideline.md"
    status, lines, _ = run(capsys, str(path))
    assert lines == [
        f"{path}:3: {SITE}/0.3.0/practice/logging.html#logging-redact (cites 0.3.0): unchanged",
        (
            f"{path}:4: {SITE}/0.3.0/{EVALUATION}#evaluation-paired-gate (cites 0.3.0): "
            f"changed in 0.4.0 (see {CHANGES})"
        ),
        (
            f"{path}:5: {SITE}/0.2.0/{EVALUATION}#evaluation-golden-set (cites 0.2.0): "
            f"moved to {SITE}/0.4.0/practice/logging.html#logging-redact"
        ),
        (
            f"{path}:6: {SITE}/0.1.0/{EVALUATION}#evaluation-vibe-check (cites 0.1.0): "
            "removed: not a practice we recommend"
        ),
        (
            f"{path}:7: {SITE}/latest/practice/logging.html#logging-redact (cites no version): "
            f"latest address; in version 0.4.0 it is {SITE}/0.4.0/practice/logging.html#logging-redact"
        ),
        (
            f"{path}:8: {SITE}/0.3.0/{EVALUATION}#no-such-section (cites 0.3.0): "
            "unknown section #no-such-section on page 'practice/evaluation'"
        ),
        (
            f"{path}:9: {SITE}/9.9.9/practice/logging.html#logging-redact (cites 9.9.9): "
            f"unknown version '9.9.9': not one of {SITE}/"
        ),
    ]
    assert status == 1


def test_restructuredtext_guideline_lines(capsys):
    path = DATA / "guideline.rst"
    status, lines, _ = run(capsys, str(path))
    assert lines == [
        f"{path}:4: {SITE}/0.3.0/practice/logging.html#logging-redact (cites 0.3.0): unchanged",
        f"{path}:5: {SITE}/0.2.0/practice/logging.html (cites 0.2.0): unchanged",
        (
            f"{path}:6: {SITE}/0.2.0/monitoring.html (cites 0.2.0): "
            f"moved to {SITE}/0.4.0/practice/logging.html"
        ),
        (
            f"{path}:7: {SITE}/0.1.0/glossary-old.html (cites 0.1.0): "
            "removed: merged into the glossary page"
        ),
        (
            f"{path}:8: {SITE}/0.3.0/{EVALUATION}#evaluation-paired-gate (cites 0.3.0): "
            f"changed in 0.4.0 (see {CHANGES})"
        ),
        (
            f"{path}:9: {SITE}/0.3.0/practice/nowhere.html (cites 0.3.0): "
            "unknown page 'practice/nowhere'"
        ),
        f"{path}:10: {SITE}/0.2.0/practice/ (cites 0.2.0): unchanged",
    ]
    assert status == 1


def test_html_guideline_lines(capsys):
    path = DATA / "guideline.html"
    status, lines, _ = run(capsys, str(path))
    assert lines == [
        f"{path}:6: {SITE}/0.3.0/practice/logging.html#logging-redact (cites 0.3.0): unchanged",
        (
            f"{path}:8: {SITE}/0.3.0/{EVALUATION}#evaluation-paired-gate (cites 0.3.0): "
            f"changed in 0.4.0 (see {CHANGES})"
        ),
        (
            f"{path}:9: {SITE}/latest/{EVALUATION} (cites no version): "
            f"latest address; in version 0.4.0 it is {SITE}/0.4.0/{EVALUATION}"
        ),
    ]
    assert status == 1


def test_a_guideline_citing_only_unchanged_sections_passes(capsys):
    status, lines, err = run(capsys, str(DATA / "unchanged.md"))
    assert status == 0
    assert [line.rsplit(": ", 1)[1] for line in lines] == ["unchanged"]
    assert "1 unchanged, 0 to review" in err


def test_the_index_can_be_fetched_from_a_url(capsys):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(DATA))
    handler.log_message = lambda *args: None
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        # shutdown() waits for the serving loop's next poll: 0.5 s by default.
        poll = {"poll_interval": 0.01}
        threading.Thread(target=server.serve_forever, kwargs=poll, daemon=True).start()
        try:
            url = f"http://127.0.0.1:{server.server_port}/sections.json"
            status = cited.main(["--index", url, str(DATA / "unchanged.md")])
        finally:
            server.shutdown()
    assert status == 0
    assert capsys.readouterr().out.endswith(": unchanged\n")


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (None, "cannot read it"),
        (b"caf\xe9 https://kb.example.org/en/0.3.0/index.html\n", "not UTF-8 text"),
    ],
    ids=["missing", "not-utf8"],
)
def test_a_file_that_cannot_be_read_or_decoded_exits_2_naming_it(tmp_path, capsys, content, why):
    path = tmp_path / "guideline.md"
    if content is not None:
        path.write_bytes(content)
    status, lines, err = run(capsys, str(DATA / "unchanged.md"), str(path))
    assert status == 2
    assert lines == []
    assert err.startswith(f"error: {path}: {why}")


def test_an_index_that_is_not_sections_json_exits_2_naming_it(tmp_path, capsys):
    index = tmp_path / "sections.json"
    index.write_text('{"pages": []}', encoding="utf-8")
    status = cited.main(["--index", str(index), str(DATA / "unchanged.md")])
    assert status == 2
    assert capsys.readouterr().err.startswith(f"error: {index}: not a sections.json index")
