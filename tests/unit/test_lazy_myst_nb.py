"""myst-nb's executors are imported only when used (opskb.sphinxext.lazy_myst_nb).

In a child interpreter: which modules are imported is process-wide state.
"""

from __future__ import annotations

import json
import subprocess
import sys

CHILD = r"""
import json, sys
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
for mode in ("force", "inline", "cache"):
    config = NbParserConfig(execution_mode=mode, execution_cache_path=sys.argv[1])
    client = create_client(notebook, "<string>", config, logger)
    clients[mode] = [type(client).__module__, isinstance(client, NotebookClientBase)]
print(json.dumps({"deferred": deferred, "heavy": heavy, "clients": clients}))
"""


def test_myst_nb_loads_without_its_executors_and_still_executes_when_asked(tmp_path):
    completed = subprocess.run(
        [sys.executable, "-c", CHILD, str(tmp_path / "cache")],
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(completed.stdout)
    assert result["deferred"]
    assert result["heavy"] == []
    assert result["clients"] == {
        "force": ["myst_nb.core.execute.direct", True],
        "inline": ["myst_nb.core.execute.inline", True],
        "cache": ["myst_nb.core.execute.cache", True],
    }
