"""glue() publishes to the site under myst-nb, and only shows values in plain Jupyter."""

import pytest

from opskb.examples import publish


@pytest.fixture
def plain_jupyter(monkeypatch):
    """No myst-nb importable; what IPython would display is recorded."""
    shown = []
    monkeypatch.setattr(publish, "find_spec", lambda name: None)
    monkeypatch.setattr("IPython.display.display", shown.append)
    return shown


def test_without_myst_nb_a_value_meant_to_be_shown_is_displayed(plain_jupyter):
    publish.glue("key", "value")
    assert plain_jupyter == ["value"]


def test_without_myst_nb_a_value_meant_only_for_the_site_is_dropped(plain_jupyter):
    publish.glue("key", "value", display=False)
    assert plain_jupyter == []
