"""Exact pins for the kit's ``requirements.txt``, read from this environment, offline.

The kit's readers install what the notebooks were executed with here: the wheel's own
requirements and JupyterLab, with their whole requirement closure, each pinned to the
version installed in the environment that builds the site (``importlib.metadata``). No
resolver and no network: a package of the closure that is not installed here, or whose
installed version does not satisfy a requirement on it, is a :class:`PinError` naming it.

Markers are evaluated for this interpreter and platform, so the pins are those of the
Python that builds the kit (the README says which); a requirement only another platform
has is left to pip.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib import metadata

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name


class PinError(RuntimeError):
    """A requirement of the kit that this environment cannot pin."""


def _applies(requirement: Requirement, extras: Iterable[str]) -> bool:
    if requirement.marker is None:
        return True
    return any(requirement.marker.evaluate({"extra": extra}) for extra in ("", *extras))


def pins(roots: Iterable[Requirement], *, exclude: Iterable[str] = ()) -> dict[str, str]:
    """``{distribution name: installed version}`` for ``roots`` and everything they require.

    Names in ``exclude`` (the project itself, shipped as a wheel) are followed but not pinned.
    """
    excluded = {canonicalize_name(name) for name in exclude}
    found: dict[str, str] = {}
    seen: set[tuple[str, frozenset[str]]] = set()
    queue: list[tuple[Requirement, str]] = [(r, "the kit") for r in roots]
    while queue:
        requirement, parent = queue.pop()
        name = canonicalize_name(requirement.name)
        key = (name, frozenset(requirement.extras))
        try:
            distribution = metadata.distribution(requirement.name)
        except metadata.PackageNotFoundError:
            raise PinError(
                f"cannot pin {requirement.name} (required by {parent}): it is not installed "
                "in the environment that builds the kit (the `kit` dependency group)"
            ) from None
        version = distribution.version
        if not requirement.specifier.contains(version, prereleases=True):
            raise PinError(
                f"cannot pin {requirement.name}: {parent} requires {requirement}, "
                f"but {version} is installed"
            )
        if name not in excluded:
            found[name] = version
        if key in seen:
            continue
        seen.add(key)
        for text in distribution.requires or []:
            child = Requirement(text)
            if _applies(child, requirement.extras):
                queue.append((child, f"{requirement.name} {version}"))
    return dict(sorted(found.items()))


def wheel_requirements(requires_dist: Iterable[str]) -> list[Requirement]:
    """The ``Requires-Dist`` of a wheel that apply without extras, here."""
    requirements = [Requirement(text) for text in requires_dist]
    return [r for r in requirements if _applies(r, ())]
