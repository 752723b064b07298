"""The bare-Flask ceiling of ``bench.zipf``: a minimal Flask app on waitress that reads each
request's form and answers a fixed, small SPARQL JSON body. What HTTP, waitress and Flask cost
with no query, no cache and no worker: no Python server of this shape answers faster.

``python -m bench.ceiling --port N --threads 8``
"""

from __future__ import annotations

import argparse

from flask import Flask, Response, request

BODY = b'{"head":{"vars":["s"]},"results":{"bindings":[]}}'


def create_app() -> Flask:
    app = Flask(__name__)

    @app.route("/sparql", methods=["GET", "POST"])
    def sparql() -> Response:
        request.values.get("query")  # the form is read and parsed, as any endpoint must
        return Response(BODY, content_type="application/sparql-results+json")

    return app


def main() -> None:
    import waitress

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    waitress.serve(create_app(), host="127.0.0.1", port=args.port, threads=args.threads,
                   _quiet=True)


if __name__ == "__main__":
    main()
