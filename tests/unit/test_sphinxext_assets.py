"""Per-page asset pruning: a page keeps exactly the theme-extension files its body uses."""

import pytest

from opskb.sphinxext.assets import keep_needed

ASSETS = [
    "_static/furo.css",
    "_static/sphinx-design.min.css",
    "_static/mystnb.4510f1fc1dee50b3e5859aac5469c37c29e427902b24a333a5f9fcb2f0b3ac41.css",
    "_static/design-tabs.js",
    "_static/documentation_options.js",
]


def kept_names(body: str) -> list[str]:
    return [a.rsplit("/", 1)[-1].split(".")[0] for a in keep_needed(ASSETS, body)]


def test_a_plain_page_drops_design_and_notebook_assets():
    assert kept_names("<p>Just text</p>") == ["furo", "documentation_options"]


def test_cards_keep_design_css_but_not_the_tabs_script():
    body = '<div class="sd-card sd-shadow-sm docutils">card</div>'
    assert kept_names(body) == ["furo", "sphinx-design", "documentation_options"]


def test_tabs_keep_the_tabs_script():
    body = '<div class="sd-tab-set docutils"><input></div>'
    assert "design-tabs" in kept_names(body)


@pytest.mark.parametrize(
    "body",
    [
        '<div class="cell docutils container">',
        '<div class="cell_output docutils container">',
        '<span class="pasted-text">0.42</span>',
    ],
)
def test_notebook_output_keeps_mystnb_css(body):
    assert "mystnb" in kept_names(body)


@pytest.mark.parametrize(
    "body",
    ['<p class="cellar">', '<p class="my-sd-thing">', "<p>class sd-card in prose</p>"],
)
def test_lookalike_classes_and_prose_do_not_count(body):
    assert kept_names(body) == ["furo", "documentation_options"]


def test_unknown_assets_are_always_kept():
    assert keep_needed(["x/custom.js"], "") == ["x/custom.js"]
