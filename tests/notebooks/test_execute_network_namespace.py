"""A kernel in its own network namespace reaches nothing on the machine's loopback.

An HTTP server on 127.0.0.1 runs in the test process, outside the namespace; the socket
guard lets loopback through, so only the namespace can keep a notebook from it. The
notebook tries three ways: a Python socket in the kernel, a child Python process, and curl.
All traffic stays on loopback. Without network namespaces on this machine the test skips,
except when CI is set, where it fails (tests/support/system_tools.py). Then: what a run
does where namespaces are missing (told by replacing the probe).
"""

from __future__ import annotations

import json
import shutil
import threading
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import nbformat
import pytest

from opskb.execute import isolation
from opskb.execute.report import REPORT_FILE, read_report
from opskb.execute.runner import run_directory
from support.notebook_text import MYST_HEADER
from support.system_tools import skip_or_fail

CASES = Path(__file__).parent / "cases"

NOTEBOOK = (
    MYST_HEADER
    + """
```{code-cell} ipython3
import json, socket, subprocess, sys

URL = "http://127.0.0.1:PORT/"
results = {}
try:
    socket.create_connection(("127.0.0.1", PORT), timeout=3).close()
    results["kernel"] = "connected"
except OSError as error:
    results["kernel"] = f"{type(error).__name__}: {error}"

child = "import urllib.request, sys; urllib.request.urlopen(sys.argv[1], timeout=3)"
done = subprocess.run([sys.executable, "-c", child, URL], capture_output=True, text=True)
results["child"] = done.returncode
done = subprocess.run(["curl", "-sS", "--max-time", "3", URL], capture_output=True, text=True)
results["curl"] = [done.returncode, done.stderr.strip()]
print(json.dumps(results))
```
"""
)


class _Counting(BaseHTTPRequestHandler):
    hits: ClassVar[list[str]]  # each server's own list (loopback_server)

    def do_GET(self) -> None:
        self.hits.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"reached")

    def log_message(self, *args: object) -> None:
        del args


@pytest.fixture
def loopback_server() -> Iterator[tuple[int, list[str]]]:
    """An HTTP server on 127.0.0.1, outside any namespace; the paths it was asked for."""
    hits: list[str] = []
    handler = type("Handler", (_Counting,), {"hits": hits})
    with ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield server.server_address[1], hits
        finally:
            server.shutdown()
            thread.join()


def test_no_kernel_child_or_curl_reaches_a_server_on_the_machines_loopback(
    tmp_path, loopback_server, kernels
):
    if not isolation.available().namespaced:
        skip_or_fail("no network namespace on this machine (unshare --net failed or missing)")
    if shutil.which("curl") is None:
        skip_or_fail("curl is not installed (apt-get install curl)")
    port, hits = loopback_server
    # The server answers from here: what the notebook cannot reach is there.
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/from-the-test", timeout=5) as reply:
        assert reply.read() == b"reached"

    source = tmp_path / "notebooks"
    source.mkdir()
    (source / "reach.md").write_text(NOTEBOOK.replace("PORT", str(port)), encoding="utf-8")
    summary = run_directory(source, tmp_path / "out", examples_dir=tmp_path / "none")
    assert summary.passed == ["reach"], summary.failures

    executed = nbformat.read(tmp_path / "out" / "reach.ipynb", as_version=4)
    results = json.loads(executed.cells[-1].outputs[0]["text"])
    assert results["kernel"].startswith("ConnectionRefusedError"), results
    assert results["child"] != 0, results
    assert results["curl"][0] != 0, results
    assert hits == ["/from-the-test"]
    _, entries = read_report(tmp_path / "out" / REPORT_FILE)
    assert [entry.network for entry in entries] == [isolation.NAMESPACE]


GUARD_ONLY = isolation.Isolation((), isolation.GUARD_ONLY)


def test_without_namespaces_the_run_says_so_and_records_it(tmp_path, monkeypatch, capsys, kernels):
    monkeypatch.setattr(isolation, "available", lambda: GUARD_ONLY)
    monkeypatch.delenv("CI", raising=False)
    source = tmp_path / "notebooks"
    source.mkdir()
    shutil.copy(CASES / "good.md", source / "good.md")
    summary = run_directory(source, tmp_path / "out", examples_dir=tmp_path / "none")
    assert summary.passed == ["good"], summary.failures
    assert isolation.FALLBACK_NOTICE in capsys.readouterr().err
    _, entries = read_report(tmp_path / "out" / REPORT_FILE)
    assert [entry.network for entry in entries] == [isolation.GUARD_ONLY]


def test_in_ci_without_namespaces_no_notebook_runs(tmp_path, monkeypatch):
    monkeypatch.setattr(isolation, "available", lambda: GUARD_ONLY)
    monkeypatch.setenv("CI", "true")
    monkeypatch.delenv(isolation.ALLOW_FALLBACK, raising=False)
    source = tmp_path / "notebooks"
    source.mkdir()
    shutil.copy(CASES / "good.md", source / "good.md")
    with pytest.raises(isolation.NetworkIsolationError):
        run_directory(source, tmp_path / "out", examples_dir=tmp_path / "none")
    assert not (tmp_path / "out" / "good.ipynb").exists()
