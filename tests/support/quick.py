"""The quick subset (``-m "not browser and not slow"``): which tests are in it, and its guard.

A test's markers come from the fixtures it uses (:data:`FIXTURE_MARKERS`), so every pure
test is in the quick subset wherever its file lives. A test outside ``slow`` that starts
Sphinx or a Jupyter kernel anyway fails with :class:`HeavyWorkInQuickTest`
(tests/conftest.py wraps the setup and the call of every such test in
:func:`refusing_heavy_work`).
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path

import jupyter_client.launcher
import pytest
import sphinx.application

# What a test uses, and the markers that gives it. `item.fixturenames` is the closure, so a
# test gets the markers of every fixture it reaches (the browser fixtures reach built_site).
FIXTURE_MARKERS: dict[str, tuple[str, ...]] = {
    "executed_notebooks": ("slow",),
    "kernels": ("slow",),
    "built_site": ("site", "slow"),
    "sphinx_builds": ("slow",),
    "app": ("slow",),  # sphinx.testing: a tiny site
    "make_app": ("slow",),
    "browser": ("browser", "slow"),
    "jupyter_book_build": ("slow",),
}


def markers_for(fixturenames: Iterable[str]) -> list[str]:
    """The markers of a test that uses ``fixturenames`` (directly or through fixtures)."""
    used = set(fixturenames)
    return sorted({m for name, marks in FIXTURE_MARKERS.items() if name in used for m in marks})


class HeavyWorkInQuickTest(RuntimeError):
    """A test outside the ``slow`` marker started Sphinx or a Jupyter kernel."""


# What a quick test may not start: Sphinx (in this process or another), a Jupyter kernel,
# the project's build commands, nox.
_HEAVY_ARGUMENTS = frozenset(
    {
        "sphinx",
        "sphinx-build",
        "opskb.build",
        "opskb.execute",
        "opskb.jupyter_book",
        "ipykernel_launcher",
    }
)


def _heavy(argv: object) -> bool:
    parts = [argv] if isinstance(argv, (str, bytes, Path)) else list(argv)  # type: ignore[arg-type]
    names = {Path(str(part)).name for part in parts}
    return bool(names & _HEAVY_ARGUMENTS) or "nox" in names or "jupyter-book" in names


@contextmanager
def refusing_heavy_work(what: str) -> Iterator[None]:
    """While open, starting Sphinx or a kernel raises :class:`HeavyWorkInQuickTest`."""

    def refuse_sphinx(self, *args, **kwargs):
        raise HeavyWorkInQuickTest(f"{what} runs Sphinx: use the sphinx_builds fixture")

    real_popen = subprocess.Popen

    class GuardedPopen(real_popen):  # type: ignore[misc, valid-type]
        def __init__(self, args, *rest, **kwargs):
            if _heavy(args):
                raise HeavyWorkInQuickTest(
                    f"{what} starts {args!r}: use the sphinx_builds or kernels fixture"
                )
            super().__init__(args, *rest, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sphinx.application.Sphinx, "__init__", refuse_sphinx)
        patch.setattr(subprocess, "Popen", GuardedPopen)
        # jupyter_client starts kernels with the Popen it imported: guard that name too.
        patch.setattr(jupyter_client.launcher, "Popen", GuardedPopen)
        yield


def stays_quick(item: pytest.Item) -> AbstractContextManager[None]:
    """For a test without ``slow``: refuse Sphinx and kernels in its setup and its call.

    The markers come from fixtures (FIXTURE_MARKERS); this makes a test that does the work
    without declaring it fail (its fixtures included, whatever their scope), instead of
    slowing the quick subset down or building a site in it. Declare the work by naming the
    ``sphinx_builds`` or ``kernels`` fixture.
    """
    if item.get_closest_marker("slow") is not None:
        return nullcontext()
    return refusing_heavy_work(item.nodeid)
