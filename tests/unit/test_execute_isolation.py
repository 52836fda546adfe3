"""Which network isolation a run gets, and when falling back to the socket guard is refused."""

from __future__ import annotations

import pytest

from opskb.execute import isolation
from opskb.execute.report import NotebookEntry
from opskb.sphinxext.execution_report import _network_note

NAMESPACED = isolation.Isolation(("unshare", "--net", "--"), isolation.NAMESPACE)
GUARD_ONLY = isolation.Isolation((), isolation.GUARD_ONLY)


def test_root_tries_a_plain_network_namespace_first_others_an_unprivileged_one():
    unprivileged = ("/usr/bin/unshare", "--user", "--map-root-user", "--net", "--")
    assert isolation.candidates("/usr/bin/unshare", is_root=True) == [
        ("/usr/bin/unshare", "--net", "--"),
        unprivileged,
    ]
    assert isolation.candidates("/usr/bin/unshare", is_root=False) == [unprivileged]
    assert isolation.candidates(None, is_root=True) == []


@pytest.mark.parametrize(
    "environ",
    [{}, {"CI": ""}, {"CI": "false"}, {"CI": "true", isolation.ALLOW_FALLBACK: "1"}],
)
def test_without_namespaces_the_run_falls_back_to_the_socket_guard(monkeypatch, environ):
    monkeypatch.setattr(isolation, "available", lambda: GUARD_ONLY)
    assert isolation.choose(environ) == GUARD_ONLY


@pytest.mark.parametrize("ci", ["true", "1", "yes"])
def test_in_ci_without_namespaces_the_run_stops_and_says_how_to_accept_it(monkeypatch, ci):
    monkeypatch.setattr(isolation, "available", lambda: GUARD_ONLY)
    with pytest.raises(isolation.NetworkIsolationError, match=isolation.ALLOW_FALLBACK):
        isolation.choose({"CI": ci})


def test_with_namespaces_ci_changes_nothing(monkeypatch):
    monkeypatch.setattr(isolation, "available", lambda: NAMESPACED)
    assert isolation.choose({"CI": "true"}) == NAMESPACED
    assert isolation.choose({}) == NAMESPACED


def _entry(name: str, network: str | None) -> NotebookEntry:
    return NotebookEntry(name, f"notebooks/{name}.md", "passed", 1.0, "", "3.11", network=network)


def test_the_report_page_says_how_many_notebooks_ran_with_the_socket_guard_only():
    namespaced = [_entry("a", isolation.NAMESPACE), _entry("b", isolation.NAMESPACE)]
    assert "network namespace of its own" in _network_note(namespaced)
    mixed = [_entry("a", isolation.NAMESPACE), _entry("b", isolation.GUARD_ONLY)]
    assert _network_note(mixed).startswith(" 1 notebook(s) ran with the in-process socket guard")
    assert _network_note([_entry("a", None)]) == ""  # a report written before it was recorded
