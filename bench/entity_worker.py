"""One side of ``bench.entity_page``: load the store, then render the busiest entity page on
command (a line with a count on stdin; a JSON line of wall and CPU milliseconds back)."""

from __future__ import annotations

import hashlib
import json
import sys
import time

from bench.latency import busiest_page
from kg.store.oxigraph import open_store
from web import create_app


def main() -> None:
    store = open_store(sys.argv[1])
    path = busiest_page(store)
    app = create_app({"TESTING": True, "STORE": store, "CACHE_MB": 0, "RESPONSE_CACHE_MB": 0,
                      "WORKERS": 1})
    client = app.test_client()
    assert client.get(path).status_code == 200
    print(json.dumps({"path": path, "quads": len(store)}), flush=True)
    for line in sys.stdin:
        wall, cpu = [], []
        for _ in range(int(line)):
            started, used = time.perf_counter(), time.thread_time()
            answer = client.get(path)
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.thread_time() - used) * 1000)
            assert answer.status_code == 200
        body = hashlib.sha256(answer.data).hexdigest()
        print(json.dumps({"wall": wall, "cpu": cpu, "body": body}), flush=True)


if __name__ == "__main__":
    main()
