"""The W3C SPARQL 1.1 Protocol test suite, run against a live ``kg serve --data`` on its data.

The manifest (tests/w3c/sparql11-protocol/manifest.ttl) describes each test as HTTP requests
(method, path, headers, body) with the expected status class, result format and boolean; this
runner reads all of that from the manifest. What the manifest cannot say is our one documented
deviation, kept in :data:`GROUPS`: the endpoint is read-only, so the update tests expect 403.
"""

from __future__ import annotations

import csv
import http.client
import io
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, Namespace

from tests.conftest import TESTS, start_server, stop_server

pytestmark = pytest.mark.live
SUITE = TESTS / "w3c" / "sparql11-protocol"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
FORMATS = {  # mf:expectedFormat → media types we may answer with
    "boolean": {"application/sparql-results+json", "application/sparql-results+xml"},
    "tabular": {"application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                "text/tab-separated-values"},
    "RDF": {"text/turtle", "application/n-triples", "application/rdf+xml", "application/ld+json"},
}


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    status_classes: frozenset[int]
    result_format: str | None
    boolean: bool | None


@dataclass(frozen=True)
class ProtocolTest:
    name: str
    requests: tuple[Request, ...]
    graph_data: tuple[tuple[Path, str], ...]


def load_manifest() -> list[ProtocolTest]:
    manifest = Graph().parse(SUITE / "manifest.ttl", format="turtle")
    root = manifest.value(predicate=RDF.type, object=MF.Manifest)
    return [_read_test(manifest, entry)
            for entry in Collection(manifest, manifest.value(root, MF.entries))]


def _read_test(manifest: Graph, entry) -> ProtocolTest:
    requests = Collection(manifest, manifest.value(manifest.value(entry, MF.action), HT.requests))
    graph_data = tuple((Path(urlsplit(str(manifest.value(data, UT.graph))).path),
                        str(manifest.value(data, RDFS.label)))
                       for data in manifest.objects(entry, UT.graphData))
    return ProtocolTest(str(entry).rsplit("#", 1)[1],
                        tuple(_read_request(manifest, r) for r in requests), graph_data)


def _read_request(manifest: Graph, request) -> Request:
    headers = {str(manifest.value(h, HT.fieldName)): str(manifest.value(h, HT.fieldValue))
               for h in Collection(manifest, manifest.value(request, HT.headers) or RDF.nil)}
    body = manifest.value(request, HT.body)
    if body is not None:
        encoding = str(manifest.value(body, CNT.characterEncoding) or "UTF-8")
        body = str(manifest.value(body, CNT.chars)).encode(encoding)
    response = manifest.value(request, HT.resp)
    statuses = manifest.objects(response, MF.expectedStatus)
    boolean = manifest.value(response, MF.expectedBoolean)
    result_format = manifest.value(response, MF.expectedFormat)
    return Request(str(manifest.value(request, HT.methodName)),
                   str(manifest.value(request, HT.absolutePath)).replace("/sparql/", "/sparql", 1),
                   headers, body, frozenset(int(str(s)[-3]) for s in statuses),
                   None if result_format is None else str(result_format),
                   None if boolean is None else Literal(boolean).toPython())


TESTS_IN_MANIFEST = load_manifest()
GROUPS = {  # name prefix → (count in the suite, status our read-only endpoint gives an update)
    "query_": (13, None), "bad_": (14, None), "update_": (7, 403),
}


@pytest.fixture(scope="module")
def suite_server(tmp_path_factory):
    """``kg serve`` on the suite's data: data1..3.nt as the named graphs of ut:graphData."""
    dataset = Dataset()
    graphs = {data for test in TESTS_IN_MANIFEST for data in test.graph_data}
    for path, name in graphs:
        dataset.graph(URIRef(name)).parse(SUITE / path.name, format="nt")
    data = tmp_path_factory.mktemp("w3c") / "protocol.trig"
    dataset.serialize(data, format="trig")
    server = start_server(data, QUERY_TIMEOUT=5, WORKERS=2)
    yield server
    stop_server(server)


def test_every_manifest_entry_belongs_to_a_group():
    counts = {prefix: sum(t.name.startswith(prefix) for t in TESTS_IN_MANIFEST)
              for prefix in GROUPS}
    assert counts == {prefix: count for prefix, (count, _) in GROUPS.items()}


@pytest.mark.parametrize("test", TESTS_IN_MANIFEST, ids=[t.name for t in TESTS_IN_MANIFEST])
def test_protocol(suite_server, test):
    update_status = next(status for prefix, (_, status) in GROUPS.items()
                         if test.name.startswith(prefix))
    for request in test.requests:
        status, media_type, body = send(suite_server, request)
        is_update = request.headers.get("content-type") == "application/sparql-update" or (
            request.body or b"").startswith(b"update=")
        if update_status is not None and is_update:
            assert status == update_status, body
            continue
        assert status // 100 in request.status_classes, (status, body)
        if request.result_format is not None:
            assert media_type in FORMATS[request.result_format], media_type
            check_body(media_type, body, request, update_status is None)


def send(server, request: Request) -> tuple[int, str, bytes]:
    host = urlsplit(server.url)
    connection = http.client.HTTPConnection(host.hostname, host.port, timeout=30)
    try:
        connection.request(request.method, request.path, body=request.body,
                           headers=request.headers)
        response = connection.getresponse()
        media_type = (response.getheader("Content-Type") or "").split(";")[0].strip()
        return response.status, media_type, response.read()
    finally:
        connection.close()


def check_body(media_type: str, body: bytes, request: Request, check_boolean: bool) -> None:
    """The body parses in its media type, and an expected boolean matches — except after a
    refused update, whose effect the suite's follow-up query looks for."""
    if request.result_format == "RDF":
        Graph().parse(data=body, format={"application/ld+json": "json-ld",
                                         "application/rdf+xml": "xml"}.get(media_type, "turtle"))
    elif media_type == "text/csv":
        assert list(csv.reader(io.StringIO(body.decode("utf-8"))))
    else:
        results = ox.parse_query_results(body, ox.QueryResultsFormat.from_media_type(media_type))
        if request.boolean is not None and check_boolean:
            assert isinstance(results, ox.QueryBoolean) and bool(results) is request.boolean
