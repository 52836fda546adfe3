"""Publish a value to the site, or show it, depending on where the notebook runs.

The site embeds notebook results in its pages with myst-nb's ``glue``; a reader running a
notebook from the kit has plain Jupyter, without myst-nb. :func:`glue` is the one call the
notebooks make: with myst-nb importable it is myst-nb's ``glue`` (the value is stored under
``name`` for the site, and shown unless ``display=False``); without it, a value meant to be
shown is displayed as IPython would display it, and one meant only for the site is dropped.
So a cell's visible output is the same in both places.
"""

from __future__ import annotations

from importlib.util import find_spec


def glue(name: str, value: object, display: bool = True) -> None:
    """Store ``value`` under ``name`` for the site (myst-nb), or just show it (plain Jupyter)."""
    if find_spec("myst_nb") is not None:
        from myst_nb import glue as myst_nb_glue  # noqa: PLC0415 - optional at run time

        myst_nb_glue(name, value, display=display)
    elif display:
        from IPython.display import display as show  # noqa: PLC0415 - only inside a kernel

        show(value)
