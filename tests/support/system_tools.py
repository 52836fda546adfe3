"""What some tests need from the machine, and the one rule for when it is missing.

A reader without a tool gets a clear skip; in CI (``CI`` set, as ``.ci/run`` sets it) the
same test fails, because .ci/run installs everything the suite needs and a skip there would
hide a check that never ran.
"""

from __future__ import annotations

import os
from typing import NoReturn

import pytest


def skip_or_fail(message: str) -> NoReturn:
    """Skip with ``message`` locally; fail with it when CI is set."""
    if os.environ.get("CI"):
        pytest.fail(f"{message} (CI is set: this test must run, not skip)")
    pytest.skip(message)
