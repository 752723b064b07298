"""The serving mix of ``bench.zipf``: 1,000 distinct queries drawn from the built data, a Zipf
sequence over them, and the wrk script that sends it.

The queries are what a public endpoint of this graph is asked: ``DESCRIBE`` of a person,
organization, event or claim found in the data; a label search for a word of a real label; and
the competency queries of kg/queries, those that name an entity asked again of other entities of
its classes. Every term goes in as an escaped SPARQL term (rdflib's ``n3()``), never as raw text.
Everything is deterministic given the seed: the same data and seed give the same mix.
"""

from __future__ import annotations

import random
import re
import urllib.parse
from collections import Counter
from dataclasses import dataclass
from itertools import accumulate

from rdflib import Literal, URIRef

from kg.namespaces import base_iri
from kg.store.oxigraph import OxigraphStore
from kg.store.query import load_examples

DISTINCT = 1000
ZIPF_S = 1.1
SHARES = (("describe", 0.5), ("competency", 0.15), ("label search", 0.35))  # then fill up
RESULTS = "application/sparql-results+json"
GRAPH = "application/n-triples"  # DESCRIBE answers a graph: both servers write N-Triples
SEQUENCE = 50_000  # requests in the wrk script before it starts over
NK = "https://w3id.org/newskg/ontology#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
ENTITIES = f"""PREFIX nk: <{NK}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?s WHERE {{
  {{ ?s a nk:Person }} UNION {{ ?s a nk:Event }} UNION {{ ?s a nk:Claim }}
  UNION {{ ?s a ?class . ?class rdfs:subClassOf* nk:Organization }}
  FILTER (ISIRI(?s))
}}"""
LABEL_SEARCH = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?s ?label WHERE {{
  ?s rdfs:label ?label . FILTER (CONTAINS(LCASE(STR(?label)), {word}))
}} LIMIT {limit}"""
LIMITS = (10, 25)
WORD = re.compile(r"[^\W\d_]{4,}")


@dataclass(frozen=True)
class Query:
    kind: str  # "describe", "label search", "competency"
    text: str
    accept: str


def generate(store: OxigraphStore, seed: int = 1, distinct: int = DISTINCT) -> list[Query]:
    """``distinct`` distinct queries over what ``store`` holds, in a fixed shuffled order: the
    position of a query is its Zipf rank (the first is asked most)."""
    rng = random.Random(seed)
    pools = {"describe": describes(store), "competency": competency(store),
             "label search": label_searches(store)}
    for pool in pools.values():
        rng.shuffle(pool)
    chosen: list[Query] = []
    for kind, share in SHARES:
        chosen += pools[kind][:round(share * distinct)]
        del pools[kind][:round(share * distinct)]
    for pool in pools.values():  # a small graph has too few of one kind: the others fill in
        chosen += pool[:max(0, distinct - len(chosen))]
    if len(chosen) < distinct:
        raise ValueError(f"the data gives {len(chosen)} distinct queries, fewer than {distinct}")
    rng.shuffle(chosen)
    return chosen


def describes(store: OxigraphStore) -> list[Query]:
    return [Query("describe", f"DESCRIBE {URIRef(iri).n3()}", GRAPH) for iri in entities(store)]


def entities(store: OxigraphStore) -> list[str]:
    return sorted(row["s"].value for row in store.query(ENTITIES))


def label_searches(store: OxigraphStore) -> list[Query]:
    words = sorted({word.lower() for row in store.query(f"SELECT ?l {{ ?s <{RDFS_LABEL}> ?l }}")
                    for word in WORD.findall(row["l"].value)})
    return [Query("label search", LABEL_SEARCH.format(word=Literal(word).n3(), limit=limit), RESULTS)
            for word in words for limit in LIMITS]


def competency(store: OxigraphStore) -> list[Query]:
    """Each competency query as written, and once more for every other entity that has all the
    classes of an entity it names."""
    data = re.compile(r"<(" + re.escape(base_iri() + "id/") + r"[^>\s]+)>")
    out = []
    for example in load_examples():
        out.append(Query("competency", example.text, RESULTS))
        for iri in sorted(set(data.findall(example.text))):
            for other in same_classes(store, iri):
                out.append(Query("competency", example.text.replace(f"<{iri}>", URIRef(other).n3()),
                                 RESULTS))
    return out


def same_classes(store: OxigraphStore, iri: str) -> list[str]:
    """The other IRIs that have every class ``iri`` has."""
    term = URIRef(iri).n3()
    classes = sorted(row["c"].value for row in store.query(f"SELECT DISTINCT ?c {{ {term} a ?c }}"))
    if not classes:
        return []
    patterns = " ".join(f"?s a {URIRef(c).n3()} ." for c in classes)
    found = store.query(f"SELECT DISTINCT ?s {{ {patterns} FILTER (ISIRI(?s) && ?s != {term}) }}")
    return sorted(row["s"].value for row in found)


def zipf_sequence(n: int, length: int = SEQUENCE, s: float = ZIPF_S, seed: int = 1) -> list[int]:
    """``length`` draws of a rank 0..n-1, rank r with probability ∝ (r + 1) ** -s."""
    weights = list(accumulate((rank + 1) ** -s for rank in range(n)))
    return random.Random(seed).choices(range(n), cum_weights=weights, k=length)


def kinds_share(queries: list[Query], sequence: list[int]) -> dict[str, float]:
    """The share of the requests that ask each kind of query."""
    counts = Counter(queries[i].kind for i in sequence)
    return {kind: counts[kind] / len(sequence) for kind in sorted(counts)}


def lua(queries: list[Query], sequence: list[int], threads: int) -> str:
    """A wrk script: thread t sends requests t, t + threads, t + 2·threads… of the sequence, so
    that together they walk it from the start; at the end it prints each thread's count."""
    bodies = ",\n".join(f"[==[{urllib.parse.urlencode({'query': q.text})}]==]" for q in queries)
    accepts = ", ".join(f'"{q.accept}"' for q in queries)
    order = ",".join(str(i + 1) for i in sequence)
    return f"""bodies = {{ {bodies} }}
accepts = {{ {accepts} }}
sequence = {{ {order} }}
counter = 0
local threads, made = {{}}, 0
function setup(thread)
  thread:set("id", made)
  made = made + 1
  table.insert(threads, thread)
end
function request()
  local i = sequence[((counter * {threads} + id) % #sequence) + 1]
  counter = counter + 1
  return wrk.format("POST", nil, {{["Content-Type"] = "application/x-www-form-urlencoded",
    ["Accept"] = accepts[i]}}, bodies[i])
end
function done(summary, latency, requests)
  for _, thread in ipairs(threads) do
    io.write(string.format("thread %d sent %d\\n", thread:get("id"), thread:get("counter")))
  end
end
"""


def sent(output: str, threads: int, length: int) -> list[int]:
    """The positions of the sequence a wrk run sent (from the counts its script printed)."""
    counts = {int(t): int(n) for t, n in re.findall(r"thread (\d+) sent (\d+)", output)}
    return sorted(((c * threads + t) % length) for t, n in counts.items() for c in range(n))


def repeat_rate(asked: list[int], before: set[int]) -> tuple[float, set[int]]:
    """The share of ``asked`` (query numbers, in order) asked before, by this run or in
    ``before``: the response cache's hit rate if it evicts nothing; and the queries seen now."""
    seen, repeats = set(before), 0
    for query in asked:
        repeats += query in seen
        seen.add(query)
    return (repeats / len(asked) if asked else 0.0), seen
