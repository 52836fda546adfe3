"""Keep myst-nb's notebook executors unimported until a build asks one to execute.

myst-nb imports all its executors when it loads (``myst_nb.core.execute``): jupyter-cache and
through it SQLAlchemy, nbclient and jupyter_client. The site never lets myst-nb execute
(``nb_execution_mode = "off"``; :mod:`opskb.execute` runs the notebooks), yet every build,
a no-op rebuild included, paid about 0.4 s for those imports here, a sixth of the no-op rebuild
(measured by ``benchmarks/build.py``).

Listed in ``extensions`` before ``myst_nb``, this puts a stand-in at each executor module
(:data:`DEFERRED`) before myst-nb is imported. A stand-in's class imports the real module
and builds the real client the first time myst-nb creates one, so every execution mode
still works, only later. Where myst-nb was imported already (another tool loaded it first),
it does nothing.

This leans on myst-nb's module layout, so pyproject.toml pins myst-nb to one minor release
and ``tests/unit/test_lazy_myst_nb.py`` fails when an upgrade moves the executors. The fix
belongs upstream: myst-nb's ``create_client`` could import the executor it picks.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any

from sphinx.application import Sphinx

#: myst-nb's executor modules, and the client class each one defines.
DEFERRED = {
    "myst_nb.core.execute.cache": "NotebookClientCache",
    "myst_nb.core.execute.direct": "NotebookClientDirect",
    "myst_nb.core.execute.inline": "NotebookClientInline",
}
_STAND_IN = "__opskb_stand_in__"


def real_class(module_name: str, class_name: str) -> type:
    """The real client class, its module imported now if only the stand-in was there."""
    module = sys.modules.get(module_name)
    if module is None or getattr(module, _STAND_IN, False):
        sys.modules.pop(module_name, None)
        module = importlib.import_module(module_name)
    return getattr(module, class_name)


def stand_in(module_name: str, class_name: str) -> types.ModuleType:
    """A module whose one class creates instances of the real class, imported on first use."""

    def __new__(cls: type, *args: Any, **kwargs: Any) -> Any:
        return real_class(module_name, class_name)(*args, **kwargs)

    module = types.ModuleType(module_name, f"Stand-in for {module_name} (opskb.sphinxext)")
    setattr(module, _STAND_IN, True)
    setattr(module, class_name, type(class_name, (), {"__new__": __new__}))
    return module


def defer_executors() -> bool:
    """Put the stand-ins in place; False when myst-nb's executors were imported already."""
    if "myst_nb.core.execute" in sys.modules:
        return False
    for module_name, class_name in DEFERRED.items():
        sys.modules.setdefault(module_name, stand_in(module_name, class_name))
    return True


def setup(app: Sphinx) -> dict[str, Any]:
    del app
    defer_executors()
    return {"parallel_read_safe": True, "parallel_write_safe": True}
