"""opskb.serve: a static server on 127.0.0.1 that the browser tests start and stop."""

from __future__ import annotations

import socket
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from opskb.serve import StaticServer


def fetch(url: str) -> tuple[int, bytes, str]:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, response.read(), response.headers["Content-Type"]


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "index.html").write_text("<p>home</p>", encoding="utf-8")
    (tmp_path / "_static").mkdir()
    (tmp_path / "_static" / "app.js").write_text("let x = 1;", encoding="utf-8")
    return tmp_path


def test_serves_files_of_the_folder_on_localhost(site: Path) -> None:
    with StaticServer(site) as server:
        assert server.url == f"http://127.0.0.1:{server.port}/"
        assert fetch(server.url_for("index.html")) == (200, b"<p>home</p>", "text/html")
        status, body, content_type = fetch(server.url_for(Path("_static/app.js")))
    assert (status, body) == (200, b"let x = 1;")
    assert content_type.split(";")[0] in {"text/javascript", "application/javascript"}


def test_missing_file_is_a_404(site: Path) -> None:
    with StaticServer(site) as server, pytest.raises(urllib.error.HTTPError) as error:
        fetch(server.url_for("nope.html"))
    assert error.value.code == 404
    error.value.close()


def test_does_not_serve_files_outside_the_folder(tmp_path: Path, site: Path) -> None:
    (tmp_path.parent / "secret.txt").write_text("no", encoding="utf-8")
    with StaticServer(site) as server, pytest.raises(urllib.error.HTTPError) as error:
        fetch(server.url + "../secret.txt")
    assert error.value.code == 404
    error.value.close()


def test_two_servers_get_different_free_ports(site: Path) -> None:
    with StaticServer(site) as first, StaticServer(site) as second:
        assert first.port != second.port
        assert fetch(first.url_for("index.html"))[0] == fetch(second.url_for("index.html"))[0]


def test_stop_releases_the_port(site: Path) -> None:
    with StaticServer(site) as server:
        port = server.port
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", port))  # would raise if the server still held it


def test_refuses_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="not a folder"):
        StaticServer(tmp_path / "absent")
