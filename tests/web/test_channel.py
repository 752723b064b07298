"""web.channel: the event loop answers cached requests itself (the fast lane) and reads each
client's requests in turn; a live waitress server on 127.0.0.1, in this process."""

from __future__ import annotations

import socket
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.conftest import free_port
from tests.web.test_abuse import LiveServer, call
from web import create_app, graph
from web.server import FairDispatcher, make_server

ASK = "/sparql?query=" + urllib.parse.quote("ASK {}")
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.fixture
def one_thread(store):
    """A server with one request thread (a client has one request in it at a time), and a
    ``/held`` route that keeps the thread until released."""
    app = create_app({"TESTING": False, "STORE": store, "WORKERS": 1, "CLIENT_BUDGET": 0,
                      "CLIENT_REQUESTS": 1})
    release, entered = threading.Event(), threading.Event()

    @app.route("/held")
    def held():
        entered.set()
        release.wait(20)
        return "released"

    port = free_port()
    server = make_server(app, "127.0.0.1", port, threads=1)
    stopping = threading.Event()
    loop = threading.Thread(target=run_until, args=(server, stopping), daemon=True)
    loop.start()
    live = LiveServer(None, f"http://127.0.0.1:{port}")
    live.release, live.entered = release, entered
    yield live
    release.set()
    stopping.set()
    loop.join(10)
    server.task_dispatcher.shutdown(timeout=5)
    graph.close(app)


def run_until(server, stopping: threading.Event) -> None:
    """waitress's event loop, a turn at a time until ``stopping``; then every socket closed by
    the loop's own thread (closing them from another races the loop's select())."""
    while not stopping.is_set():
        server.asyncore.loop(timeout=0.2, map=server._map, count=1)
    for dispatcher in list(server._map.values()):
        dispatcher.close()


def hold_the_thread(server, executor):
    held = executor.submit(call, server, "/held", source="127.0.0.31")
    assert server.entered.wait(10)
    return held


def test_a_cached_answer_does_not_wait_for_a_thread(one_thread):
    first = call(one_thread, ASK, source="127.0.0.30")  # answered by the thread, then kept
    with ThreadPoolExecutor(1) as executor:
        held = hold_the_thread(one_thread, executor)
        again = call(one_thread, ASK, source="127.0.0.32", timeout=5)
        still_held = not held.done()
        one_thread.release.set()
        assert held.result().body == b"released"
    assert (first.status, again.status, again.body, still_held) == (200, 200, first.body, True)


def test_a_cached_post_query_and_a_revalidation_are_answered_by_the_loop(one_thread):
    body = urllib.parse.urlencode({"query": "SELECT (1 AS ?one) {}"}).encode()
    first = call(one_thread, "/sparql", method="POST", body=body, headers=FORM)
    etag = call(one_thread, ASK).headers["etag"]
    with ThreadPoolExecutor(1) as executor:
        hold_the_thread(one_thread, executor)
        post = call(one_thread, "/sparql", method="POST", body=body, headers=FORM, timeout=5)
        head = call(one_thread, ASK, method="HEAD", timeout=5)
        unchanged = call(one_thread, ASK, headers={"If-None-Match": etag}, timeout=5)
        one_thread.release.set()
    assert (post.status, post.body) == (200, first.body)
    assert (head.status, head.body, unchanged.status, unchanged.body) == (200, b"", 304, b"")


def test_a_miss_still_waits_for_the_thread(one_thread):
    with ThreadPoolExecutor(2) as executor:
        hold_the_thread(one_thread, executor)
        miss = executor.submit(call, one_thread, "/sparql?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D")
        time.sleep(0.5)
        waited = not miss.done()
        one_thread.release.set()
        assert (waited, miss.result().status) == (True, 200)


def test_pipelined_requests_are_answered_in_order(one_thread):
    call(one_thread, ASK)  # kept: the first and third requests are hits, the second a miss
    parsed = urllib.parse.urlsplit(one_thread.url)
    paths = [ASK, "/sparql?query=" + urllib.parse.quote("SELECT (2 AS ?two) {}"), ASK]
    requests = "".join(f"GET {p} HTTP/1.1\r\nHost: x\r\nAccept: application/sparql-results+json"
                       "\r\n\r\n" for p in paths)
    with socket.create_connection((parsed.hostname, parsed.port), timeout=10) as sock:
        sock.sendall(requests.encode())
        reader = sock.makefile("rb")
        bodies = [_response_body(reader) for _ in paths]
    assert [b'"boolean":true' in bodies[0], b'"two"' in bodies[1], b'"boolean":true' in bodies[2]] \
        == [True, True, True]


def _response_body(reader) -> bytes:
    assert reader.readline().startswith(b"HTTP/1.1 200")
    length = 0
    while (line := reader.readline()) not in (b"\r\n", b""):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    return reader.read(length)


class Waiting:
    """A queued request of a client (what FairQueue keeps)."""

    def __init__(self, peer: str):
        self.addr, self.requests = (peer, 50000), []


def test_a_client_is_read_up_to_its_share_per_turn_and_one_request_when_others_are_present():
    queue = FairDispatcher(0, per_client=3, trusted="10.0.0.9").queue
    alone = [queue.take_read("10.0.0.1") for _ in range(4)]
    queue.new_turn()
    queue.saw("10.0.0.1")
    queue.saw("10.0.0.2")  # another client is present: one request a turn each
    contended = [queue.take_read("10.0.0.1") for _ in range(2)]
    queue.append(Waiting("10.0.0.2"))
    busy = queue.take_read("10.0.0.2")  # its request waits for a thread: nothing more is read
    queue.new_turn()
    assert (alone, contended, busy, queue.take_read("10.0.0.1")) == (
        [True, True, True, False], [True, False], False, True)
    assert (queue.is_proxy("10.0.0.9"), queue.is_proxy("10.0.0.1")) == (True, False)


def test_a_clients_unread_connection_is_read_as_soon_as_its_request_ends(one_thread):
    """Its other connection is not read while its one request runs (its share), and is read
    once that request ends."""
    with ThreadPoolExecutor(2) as executor:
        held = executor.submit(call, one_thread, "/held", source="127.0.0.33")
        assert one_thread.entered.wait(10)
        second = executor.submit(call, one_thread, "/sparql?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D",
                                 source="127.0.0.33")
        time.sleep(0.5)
        unread = not second.done()
        released = time.monotonic()
        one_thread.release.set()
        answer = second.result()
        waited = time.monotonic() - released
        assert (unread, held.result().status, answer.status, waited < 10) == (True, 200, 200, True)
