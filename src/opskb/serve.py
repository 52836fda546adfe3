"""Serve a built site over HTTP on 127.0.0.1, in a background thread, on a free port.

Browsers treat ``file://`` pages differently from served ones (no same-origin fetches, so
Sphinx's search index and localStorage behave differently), so the browser tests and the
benchmarks look at the site the way a reader's web server would deliver it.
"""

from __future__ import annotations

import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Self

LOCALHOST = "127.0.0.1"


class _QuietHandler(SimpleHTTPRequestHandler):
    """Serves files without logging every request to stderr (test output stays readable)."""

    def log_message(self, format: str, *args: object) -> None:
        del format, args


class _Server(ThreadingHTTPServer):
    # A browser may drop a connection mid-response when a page navigates away; that is
    # normal and not worth a traceback on stderr.
    def handle_error(self, request: object, client_address: tuple[str, int]) -> None:
        del request, client_address


class StaticServer:
    """A static file server for ``root``; use as a context manager.

    >>> with StaticServer(Path("docs/_build/html")) as server:  # doctest: +SKIP
    ...     server.url_for("index.html")
    'http://127.0.0.1:54321/index.html'
    """

    def __init__(self, root: Path, *, port: int = 0) -> None:
        if not root.is_dir():
            raise FileNotFoundError(f"cannot serve {root}: not a folder")
        self.root = root
        handler = partial(_QuietHandler, directory=str(root))
        # Port 0 asks the OS for a free port, so parallel runs never collide.
        self._httpd = _Server((LOCALHOST, port), handler)
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, name=f"serve {root}", daemon=True
        )

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    @property
    def url(self) -> str:
        """The origin, with a trailing slash: ``http://127.0.0.1:PORT/``."""
        return f"http://{LOCALHOST}:{self.port}/"

    def url_for(self, relative: str | Path) -> str:
        """The URL of a file given by its path relative to the served folder."""
        return self.url + Path(relative).as_posix()

    def start(self) -> Self:
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and release the port; safe to call once the server has started."""
        if self._thread.is_alive():
            self._httpd.shutdown()
            self._thread.join()
        self._httpd.server_close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
