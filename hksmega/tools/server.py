"""Serving a built site locally as a static host does: files, directory
indexes, and 404.html with status 404 for an address that has no page (the
404.html of the address's language, /zh-hant/404.html under /zh-hant/).

`invoke serve`, `invoke preview` and the tests' server all use it. Not Pelican's
ComplexHTTPRequestHandler: it logs every miss as a warning, which our
warnings-are-errors builds turn into a crash of the request.
"""

import errno
import functools
import http.server
from pathlib import Path

from hksmega import languages


class StaticSiteHandler(http.server.SimpleHTTPRequestHandler):
    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / languages.of_address(self.path).prefix / "404.html"
        if code != 404 or not page.exists():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class QuietStaticSiteHandler(StaticSiteHandler):
    def log_message(self, *args):
        pass


class PortInUse(Exception):
    pass


def make_server(directory, host="127.0.0.1", port=0, handler=StaticSiteHandler):
    """A threaded server for `directory` (port 0: any free port)."""
    try:
        return http.server.ThreadingHTTPServer(
            (host, port), functools.partial(handler, directory=str(directory)))
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise PortInUse(
                f"port {port} is already in use (another server is running?): "
                "stop it, or choose another port with --port, e.g. --port 8001") from None
        raise
