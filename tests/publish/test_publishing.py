"""Addresses of the published site (opskb.publishing): pure functions, no build."""

from __future__ import annotations

from pathlib import Path

import pytest

from opskb import publishing
from opskb.citation import documentation_url


def test_the_base_url_is_readthedocs_canonical_url_when_given():
    environ = {"READTHEDOCS_CANONICAL_URL": "https://docs.example.org/en/0.2.0/"}
    assert publishing.base_url(environ) == "https://docs.example.org/en/0.2.0/"


def test_the_base_url_falls_back_to_the_documentation_url_in_pyproject():
    assert publishing.base_url({}) == documentation_url()
    assert publishing.base_url({"READTHEDOCS_CANONICAL_URL": ""}) == documentation_url()


def test_the_base_url_always_ends_with_a_slash():
    environ = {"READTHEDOCS_CANONICAL_URL": "https://docs.example.org/en/latest"}
    assert publishing.base_url(environ) == "https://docs.example.org/en/latest/"


@pytest.mark.parametrize(
    ("base", "versioned", "latest"),
    [
        (
            "https://opskb.readthedocs.io/en/latest/",
            "https://opskb.readthedocs.io/en/0.2.0/",
            "https://opskb.readthedocs.io/en/latest/",
        ),
        (
            "https://opskb.readthedocs.io/en/0.1.0/",
            "https://opskb.readthedocs.io/en/0.2.0/",
            "https://opskb.readthedocs.io/en/latest/",
        ),
        ("https://kb.example.org/latest/", "https://kb.example.org/0.2.0/", None),
    ],
)
def test_versioned_and_latest_addresses(base, versioned, latest):
    assert publishing.versioned_base(base, "0.2.0") == versioned
    assert publishing.latest_base(base) == (latest or "https://kb.example.org/latest/")


def test_an_address_without_a_version_folder_is_an_error():
    with pytest.raises(publishing.PublishingError, match="version folder"):
        publishing.versioned_base("https://kb.example.org/", "0.2.0")


def test_a_site_at_a_domain_root_keeps_its_address_as_permanent_and_latest_base():
    root = "https://kb.example.org/"
    assert publishing.permanent_base(root, "0.2.0") == root
    assert publishing.latest_base(root) == root
    assert publishing.permanent_base("https://h/en/latest/", "0.2.0") == "https://h/en/0.2.0/"


def test_a_tag_build_must_be_named_like_the_package_version():
    ok = {"READTHEDOCS_VERSION_NAME": "0.2.0", "READTHEDOCS_VERSION_TYPE": "tag"}
    publishing.check_version_name("0.2.0", ok)
    publishing.check_version_name("0.2.0", {})  # not on Read the Docs
    branch = {"READTHEDOCS_VERSION_NAME": "latest", "READTHEDOCS_VERSION_TYPE": "branch"}
    publishing.check_version_name("0.2.0", branch)
    wrong = {"READTHEDOCS_VERSION_NAME": "v0.2.0", "READTHEDOCS_VERSION_TYPE": "tag"}
    with pytest.raises(publishing.PublishingError, match="git tag named exactly"):
        publishing.check_version_name("0.2.0", wrong)


def test_the_html_goes_to_readthedocs_output_when_set():
    default = Path("docs/_build/html")
    assert publishing.output_dir(default, {}) == default
    assert publishing.output_dir(default, {"READTHEDOCS_OUTPUT": "/out"}) == Path("/out/html")


def test_robots_txt_allows_everything_and_names_the_sitemap():
    text = publishing.robots_txt("https://kb.example.org/en/0.2.0/sitemap.xml")
    lines = text.splitlines()
    assert lines[:2] == ["User-agent: *", "Allow: /"]
    assert "Sitemap: https://kb.example.org/en/0.2.0/sitemap.xml" in lines


def test_a_release_build_is_a_readthedocs_tag_or_an_explicit_release():
    assert publishing.is_release_build({"READTHEDOCS_VERSION_TYPE": "tag"})
    assert publishing.is_release_build({"OPSKB_RELEASE": "0.3.0"})
    assert not publishing.is_release_build({"READTHEDOCS_VERSION_TYPE": "branch"})
    assert not publishing.is_release_build({"OPSKB_RELEASE": ""})
    assert not publishing.is_release_build({})
