"""Which Chromium the editions and the browser tests drive (opskb.chromium)."""

from __future__ import annotations

from pathlib import Path

from opskb import chromium


def test_the_override_names_the_chromium_to_drive():
    assert chromium.path({chromium.OVERRIDE: "/opt/chrome/chrome"}) == Path("/opt/chrome/chrome")


def test_otherwise_the_first_installed_candidate_or_playwrights_own(monkeypatch, tmp_path):
    first, second = tmp_path / "chromium", tmp_path / "chromium-browser"
    monkeypatch.setattr(chromium, "CANDIDATES", (first, second))
    assert chromium.path({}) is None  # none installed: Playwright's own build
    second.touch()
    assert chromium.path({}) == second
    first.touch()
    assert chromium.path({chromium.OVERRIDE: ""}) == first
