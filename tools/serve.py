"""Serve the built site on this machine the way a static host would.

    python tools/serve.py [--port 8000] [--bind 127.0.0.1] [_build/html]

Like a static host, it compresses text files (HTML, CSS, JavaScript, SVG,
JSON) with gzip when the browser accepts it, and answers a missing page with
the site's ``404.html`` and status 404. ``make serve`` runs it, and the
browser tests (``tests/test_browser.py``) start it in a thread with
:func:`start`. Only the standard library is used.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import os
import threading
from pathlib import Path

COMPRESSED_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml")


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """SimpleHTTPRequestHandler with gzip and the site's own 404 page."""

    _gzip_cache: dict[tuple[str, float], bytes] = {}
    quiet = True

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (the base class's name)
        if not self.quiet:
            super().log_message(format, *args)

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            index = os.path.join(path, "index.html")
            if self.path.split("?", 1)[0].endswith("/") and os.path.isfile(index):
                path = index
            else:
                return super().send_head()  # redirects "dir" to "dir/", or lists it
        if not os.path.isfile(path):
            return self._not_found()
        ctype = self.guess_type(path)
        if not ctype.startswith(COMPRESSED_TYPES) or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        stat = os.stat(path)
        key = (path, stat.st_mtime)
        body = self._gzip_cache.get(key)
        if body is None:
            with open(path, "rb") as f:
                body = gzip.compress(f.read(), compresslevel=6, mtime=0)
            self._gzip_cache[key] = body
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", self.date_time_string(stat.st_mtime))
        self.end_headers()
        return _Body(body)

    def _not_found(self):
        page = Path(self.directory) / "404.html"
        if not page.is_file():
            self.send_error(404, "File not found")
            return None
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Body(body)


class _Body:
    """A file-like object over bytes, for SimpleHTTPRequestHandler.copyfile."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, size: int = -1) -> bytes:
        data, self.data = (self.data, b"") if size < 0 else (self.data[:size], self.data[size:])
        return data

    def close(self) -> None:
        pass


def make_server(root: Path, bind: str = "127.0.0.1", port: int = 0) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(SiteHandler, directory=str(root))
    return http.server.ThreadingHTTPServer((bind, port), handler)


def start(root: Path, bind: str = "127.0.0.1") -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve root from a background thread on a free port; returns the server and its base URL."""
    server = make_server(root, bind)
    # A short poll interval lets shutdown() return quickly.
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    return server, f"http://{bind}:{server.server_port}/"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", nargs="?", default="_build/html", help="the folder to serve")
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    root = Path(args.root)
    if not (root / "index.html").is_file():
        parser.error(f"{root}/index.html is missing: run 'make html' first")
    SiteHandler.quiet = False
    server = make_server(root, args.bind, args.port)
    print(f"Serving {root} at http://{args.bind}:{server.server_port}/ (Ctrl-C stops)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
