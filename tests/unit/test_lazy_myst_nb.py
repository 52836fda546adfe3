"""myst-nb's executors are imported only when used (opskb.sphinxext.lazy_myst_nb).

In a child interpreter: which modules are imported is process-wide state.
"""

from __future__ import annotations

import json
import sys

import pytest

CHILD = r"""
import json, sys, tempfile
from opskb.sphinxext import lazy_myst_nb

deferred = lazy_myst_nb.defer_executors()
import myst_nb.sphinx_ext  # what Sphinx imports for extensions = ["myst_nb"]
heavy = sorted(
    name for name in ("jupyter_cache", "sqlalchemy", "nbclient", "jupyter_client")
    if name in sys.modules
)

# Every execution mode still gets myst-nb's real client, imported on first use.
import nbformat
from myst_nb.core.config import NbParserConfig
from myst_nb.core.execute import NotebookClientBase, create_client
from myst_nb.core.loggers import DocutilsDocLogger
from docutils.utils import new_document

logger = DocutilsDocLogger(new_document("<test>"))
notebook = nbformat.v4.new_notebook()
clients = {}
with tempfile.TemporaryDirectory() as cache:
    for mode in ("force", "inline", "cache"):
        config = NbParserConfig(execution_mode=mode, execution_cache_path=cache)
        client = create_client(notebook, "<string>", config, logger)
        clients[mode] = [type(client).__module__, isinstance(client, NotebookClientBase)]
print(json.dumps({"deferred": deferred, "heavy": heavy, "clients": clients}))
"""


@pytest.mark.child_run(sys.executable, "-c", CHILD)
def test_myst_nb_loads_without_its_executors_and_still_executes_when_asked(child_run):
    assert child_run.returncode == 0, child_run.stderr
    result = json.loads(child_run.stdout)
    assert result["deferred"]
    assert result["heavy"] == []
    assert result["clients"] == {
        "force": ["myst_nb.core.execute.direct", True],
        "inline": ["myst_nb.core.execute.inline", True],
        "cache": ["myst_nb.core.execute.cache", True],
    }
