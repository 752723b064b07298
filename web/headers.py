"""Headers every answer carries, added where they cost least: to the WSGI header list, as the
answer leaves the app (werkzeug's ``Headers`` scans its list on every change: three
``setdefault`` calls on each response cost more than routing it).

- the security headers (``Content-Security-Policy``, ``X-Content-Type-Options``,
  ``Referrer-Policy``), unless the answer set its own;
- ``Vary: Accept`` on errors and 303s: errors are HTML or JSON by ``Accept``, and 303s send RDF
  clients and browsers to different places, so caches must key them on ``Accept`` too (success
  answers set it where they negotiate).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable


class StandardHeaders:
    """WSGI middleware: ``app.wsgi_app = StandardHeaders(app.wsgi_app, csp)``."""

    def __init__(self, inner: Callable, csp: str):
        self.inner = inner
        self.security = (("Content-Security-Policy", csp), ("X-Content-Type-Options", "nosniff"),
                         ("Referrer-Policy", "same-origin"))

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        def start(status: str, headers: list[tuple[str, str]], exc_info=None):
            names = {name.lower() for name, _ in headers}
            headers.extend(h for h in self.security if h[0].lower() not in names)
            if status[:3] == "303" or status[0] in "45":
                _vary_accept(headers)
            return start_response(status, headers, exc_info)

        return self.inner(environ, start)


def _vary_accept(headers: list[tuple[str, str]]) -> None:
    for i, (name, value) in enumerate(headers):
        if name.lower() == "vary":
            if "accept" not in {v.strip().lower() for v in value.split(",")}:
                headers[i] = (name, f"{value}, Accept")
            return
    headers.append(("Vary", "Accept"))
