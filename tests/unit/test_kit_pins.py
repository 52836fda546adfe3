"""The kit's pins come from this environment; what it cannot pin is an error naming it."""

from importlib import metadata

import pytest
from packaging.requirements import Requirement

from opskb.kit import pins


def test_the_closure_is_pinned_at_the_installed_versions():
    found = pins.pins([Requirement("pytest")])
    assert found["pytest"] == metadata.version("pytest")
    assert found["pluggy"] == metadata.version("pluggy")  # a requirement of pytest


def test_excluded_names_are_followed_but_not_pinned():
    found = pins.pins([Requirement("pytest")], exclude=["pytest"])
    assert "pytest" not in found
    assert "pluggy" in found


def test_a_package_that_is_not_installed_is_an_error_naming_it():
    with pytest.raises(pins.PinError, match="cannot pin opskb-no-such-package"):
        pins.pins([Requirement("opskb-no-such-package")])


def test_an_installed_version_outside_the_requirement_is_an_error():
    with pytest.raises(pins.PinError, match=r"requires pytest<1"):
        pins.pins([Requirement("pytest<1")])


def test_requirements_of_an_extra_are_left_out_of_the_wheel_roots():
    roots = pins.wheel_requirements(["numpy>=1", 'sphinx>=7; extra == "site"'])
    assert [r.name for r in roots] == ["numpy"]
