"""What a node's page shows, and its RDF description, read from the graph by SPARQL.

The description (the RDF a client gets at ``/id/<slug>.ttl``) is the node's own statements, the
statements that point at it, and the labels of every node on the other side; :data:`DESCRIBE`
is that query, shown on the page as "the query behind this page".
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.namespaces import NK, OA, SCHEMA
from kg.store.oxigraph import Store

from .kinds import kind_of, neighbourhood
from .labels import RDF, RDFS, SKOS, label_rows, labels
from .provenance import IDENTIFIERS, Identifier, identifiers, sources
from .quotes import Quote, article_texts, in_sentence
from .review import Draft, draft_of
from .sparql import MAX_ROWS, Ref, Seen, ask, construct, fill, iris, py, select

DESCRIBE = """CONSTRUCT { ?this ?p ?o . ?o rdfs:label ?ol . ?s ?q ?this . ?s rdfs:label ?sl . }
WHERE {
  %(this)s
  { ?this ?p ?o OPTIONAL { ?o rdfs:label ?ol } }
  UNION
  { ?s ?q ?this OPTIONAL { ?s rdfs:label ?sl } }
}"""
EXISTS = "ASK { %(this)s { ?this ?p ?o } UNION { ?s ?q ?this } }"
# Each statement comes with the named graphs that hold it (its sources), in the same query: a
# second query over the same neighbourhood cost ~2 ms at 1M quads, most of it turning ~300 more
# rows into Python terms. The statements are read (and limited) first, then their graphs joined.
OUT = """SELECT ?p ?o ?g WHERE {
  { SELECT DISTINCT ?this ?p ?o WHERE { %(this)s ?this ?p ?o } LIMIT %(limit)s }
  OPTIONAL { GRAPH ?g { ?this ?p ?o } }
}"""
# The labels of the nodes that point at this one come with them: as a VALUES list of hundreds of
# IRIs they cost ~5 ms more at 1M quads (the busiest person has 285 such nodes).
IN = """SELECT ?s ?p ?l ?g WHERE {
  { SELECT DISTINCT ?this ?s ?p WHERE { %(this)s ?s ?p ?this FILTER (?p != oa:hasBody) } LIMIT %(limit)s }
  OPTIONAL { ?s rdfs:label ?l }
  OPTIONAL { GRAPH ?g { ?s ?p ?this } }
}"""
READ_LIMIT = 5000  # statements OUT and IN read each
# Their rows: a statement has one per graph that holds it (and, read by IN, per label).
READ_ROWS = 4 * MAX_ROWS
MENTIONS = """SELECT DISTINCT ?article ?ev ?start ?exact WHERE {
  %(this)s ?mention oa:hasBody ?this ; oa:hasTarget ?ev .
  ?ev oa:hasSource ?article ; oa:hasSelector ?ps, ?qs . ?ps oa:start ?start . ?qs oa:exact ?exact .
} ORDER BY ?article ?start"""
EVIDENCE = """SELECT DISTINCT ?article ?ev ?start ?end WHERE {
  %(this)s
  { ?this nk:evidence ?ev } UNION { ?this oa:hasTarget ?ev }
  UNION { ?this oa:hasSelector ?selector BIND (?this AS ?ev) }
  ?ev oa:hasSource ?article ; oa:hasSelector ?ps . ?ps oa:start ?start ; oa:end ?end .
} ORDER BY ?article ?start"""
POSTS = """SELECT DISTINCT ?holding ?post ?role ?former ?start ?end ?ev WHERE {
  %(this)s ?holding nk:holder ?this ; nk:post ?post .
  OPTIONAL { ?holding schema:roleName ?role }
  OPTIONAL { ?holding nk:former ?former }
  OPTIONAL { ?holding nk:heldFrom/nk:dateText ?start }
  OPTIONAL { ?holding nk:heldUntil/nk:dateText ?end }
  OPTIONAL { ?holding nk:evidence ?ev }
}"""
TEXT = str(SCHEMA.text)
HEADER = {RDF + "type", RDFS + "label", SKOS + "prefLabel", SKOS + "altLabel", SKOS + "hiddenLabel",
          str(SCHEMA.description), RDFS + "comment", TEXT, *IDENTIFIERS}
STATEMENTS_PAGE = 100
def exists(store: Store, this: ox.NamedNode) -> bool:
    return ask(store, EXISTS, this=this)


def describe(store: Store, this: ox.NamedNode) -> list[ox.Triple]:
    """The node's description as RDF (duplicates across named graphs removed)."""
    return list(dict.fromkeys(construct(store, DESCRIBE, this=this)))


def describe_query(this: ox.NamedNode) -> str:
    """The text of the query :func:`describe` runs, to show or to open in the query editor."""
    return fill(DESCRIBE, this=this).strip()


@dataclass(frozen=True)
class Value:
    """One value of a statement: an IRI (``iri`` set, ``text`` its label) or a literal, with
    the sources of the statement (the articles or curated graphs that hold it)."""

    text: str
    iri: str | None = None
    lang: str = ""
    sources: tuple[Ref, ...] = ()


@dataclass(frozen=True)
class MentionGroup:
    """How one article names the node: ``count`` mentions, each wording with its count and the
    evidence IRI of its first use."""

    article: Ref
    count: int
    forms: tuple[tuple[str, int, str], ...]


@dataclass
class Group:
    """The values of one property, outgoing (``inverse`` False) or incoming."""

    prop: Ref
    inverse: bool
    values: list[Value] = field(default_factory=list)


@dataclass
class Holding:
    post: Ref
    roles: set[str] = field(default_factory=set)
    former: bool = False
    start: str | None = None
    end: str | None = None
    evidence: set[str] = field(default_factory=set)


@dataclass
class NodePage:
    """Everything on a node's page except claims and events (see :mod:`.claims`, :mod:`.events`)."""

    ref: Ref
    kind: str
    types: list[Ref]
    names: list[Value]  # other labels and aliases
    descriptions: list[Value]
    groups: list[Group]
    total: int  # statements in all pages
    page: int
    pages: int
    mentions: list[MentionGroup]
    holdings: list[Holding]
    graph: dict
    seen: Seen  # which other sections can have anything (see Seen.lacks)
    identifiers: list[Identifier] = field(default_factory=list)
    draft: Draft | None = None  # drafted by kg extract and not reviewed


def node_page(store: Store, this: ox.NamedNode, page: int = 1) -> NodePage:
    """The page of ``this``; statements are paged :data:`STATEMENTS_PAGE` at a time."""
    read = select(store, OUT, READ_ROWS, this=this, limit=READ_LIMIT)
    out_graphs = _graphs(read, "o")
    out = [{"p": p, "o": o} for p, o in out_graphs]
    labelled = select(store, IN, READ_ROWS, this=this, limit=READ_LIMIT)
    in_graphs = _graphs(labelled, "s")
    inc = [(s, p.value) for p, s in in_graphs]  # once per statement, in the order read
    # IN leaves oa:hasBody out: seen.into cannot rule mentions out.
    seen = Seen(frozenset(iris(out, "p")), frozenset(p for _, p in inc),
                len(out) < READ_LIMIT and len(inc) < READ_LIMIT
                and len(read) < READ_ROWS and len(labelled) < READ_ROWS)
    names = labels(store, {this.value} | iris(out, "p", "o") | seen.into)
    names |= label_rows(labelled, "s", "l")
    rows = _statement_rows(out, inc, names)
    pages = max(1, -(-len(rows) // STATEMENTS_PAGE))
    shown = rows[(page - 1) * STATEMENTS_PAGE: page * STATEMENTS_PAGE]
    held = {(inverse, prop.iri, term): (in_graphs if inverse else out_graphs)[
        ox.NamedNode(prop.iri), term] for inverse, prop, term in shown}
    header = [row for row in out if row["p"].value in HEADER]
    return NodePage(
        Ref(this.value, names[this.value]), kind_of(this.value),
        [Ref(r["o"].value, names[r["o"].value]) for r in header if r["p"].value == RDF + "type"],
        _aliases(header, names[this.value]), _literals(header, str(SCHEMA.description)),
        _group(shown, names, sources(store, held)), len(rows), page, pages,
        mentions(store, this),
        holdings(store, this, seen), neighbourhood(this.value, out, inc, names), seen,
        identifiers([row for row in header if row["p"].value in IDENTIFIERS]),
        draft_of((row["p"].value, row["o"]) for row in out))


def _graphs(rows: list[dict], other: str) -> dict[tuple, set[str]]:
    """The named graphs that hold each statement of OUT's or IN's ``rows`` (a statement has a
    row per graph and label), by (property, ``other`` term), in the order first read."""
    found: dict[tuple, set[str]] = {}
    for row in rows:
        graphs = found.setdefault((row["p"], row[other]), set())
        if "g" in row:
            graphs.add(row["g"].value)
    return found


def _statement_rows(out: list[dict], inc: list[tuple], names: dict[str, str]) -> list[tuple]:
    """(inverse, property, term) rows, sorted by direction, property label and value text. A
    row's value is made for the rows shown only (a node may have thousands). ``inc`` holds
    (subject, property IRI) pairs."""
    props = {p: Ref(p, names[p]) for p in iris(out, "p") | {p for _, p in inc}}
    rows = [(False, props[r["p"].value], r["o"]) for r in out if r["p"].value not in HEADER]
    rows += [(True, props[p], s) for s, p in inc]
    return sorted(rows, key=lambda r: (r[0], r[1].label.lower(), _text(r[2], names).lower(),
                                       str(r[2])))  # equal texts: by term, not by row order


def _group(rows: list[tuple], names: dict[str, str],
           found: dict[tuple, tuple[Ref, ...]] | None = None) -> list[Group]:
    """The rows by direction and property; ``found`` gives each row's sources by (inverse,
    property IRI, term) (see :func:`sources`)."""
    groups: dict[tuple, Group] = {}
    for inverse, prop, term in rows:
        value = _value(term, names, (found or {}).get((inverse, prop.iri, term), ()))
        groups.setdefault((inverse, prop), Group(prop, inverse)).values.append(value)
    return list(groups.values())


def _value(term, names: dict[str, str], found: tuple[Ref, ...] = ()) -> Value:
    if isinstance(term, ox.NamedNode):
        return Value(names[term.value], term.value, sources=found)
    if isinstance(term, ox.Literal):
        return Value(term.value, None, term.language or "", found)
    return Value(str(term), sources=found)


def _text(term, names: dict[str, str]) -> str:
    """The text :func:`_value` shows for ``term``."""
    if isinstance(term, ox.NamedNode):
        return names[term.value]
    return term.value if isinstance(term, ox.Literal) else str(term)


def _aliases(header: list[dict], label: str) -> list[Value]:
    props = (RDFS + "label", SKOS + "altLabel")
    found = [_value(r["o"], {}) for r in header if r["p"].value in props]
    return sorted({v for v in found if v.text != label}, key=lambda v: (v.text, v.lang))


def _literals(header: list[dict], prop: str) -> list[Value]:
    found = [_value(r["o"], {}) for r in header if r["p"].value == prop]
    return sorted(found, key=lambda v: (v.lang != "en", v.lang))


def mentions(store: Store, this: ox.NamedNode) -> list[MentionGroup]:
    """Where articles name ``this``: per article (most mentions first) how often, and each
    wording with its count, linked to its first use."""
    rows = select(store, MENTIONS, this=this)
    names = labels(store, iris(rows, "article"))
    found: dict[str, dict[str, list[str]]] = defaultdict(dict)
    for row in rows:  # in reading order (MENTIONS sorts by offset)
        found[row["article"].value].setdefault(row["exact"].value, []).append(row["ev"].value)
    groups = [MentionGroup(Ref(article, names[article]), sum(map(len, forms.values())),
                           tuple(sorted(((words, len(evs), evs[0]) for words, evs in forms.items()),
                                        key=lambda f: (-f[1], f[0]))))
              for article, forms in found.items()]
    return sorted(groups, key=lambda g: (-g.count, g.article.label))


def evidence(store: Store, this: ox.NamedNode, seen: Seen | None = None) -> list[tuple[Ref, Quote]]:
    """The quotes that state ``this`` (or that ``this`` is), each inside its sentence."""
    if seen and seen.lacks(str(NK.evidence), str(OA.hasTarget), str(OA.hasSelector)):
        return []
    rows = select(store, EVIDENCE, this=this)
    articles = iris(rows, "article")
    names, texts = labels(store, articles), article_texts(store, articles)
    return [(Ref(row["article"].value, names[row["article"].value]),
             in_sentence(texts.get(row["article"].value, ""), py(row["start"]), py(row["end"]),
                         row["ev"].value.rsplit("/", 1)[-1]))
            for row in rows]


def holdings(store: Store, this: ox.NamedNode, seen: Seen | None = None) -> list[Holding]:
    """The posts ``this`` holds or held, with the roles as stated and the quotes that say so."""
    if seen and seen.lacks(str(NK.holder), inverse=True):
        return []
    rows = select(store, POSTS, this=this)
    names = labels(store, iris(rows, "post"))
    found: dict[str, Holding] = {}
    for row in rows:
        post = row["post"].value
        item = found.setdefault(row["holding"].value, Holding(Ref(post, names[post])))
        item.roles.update(r.value for r in [row.get("role")] if r is not None)
        item.former = item.former or row.get("former", ox.Literal(False)).value == "true"
        item.start = item.start or (row["start"].value if "start" in row else None)
        item.end = item.end or (row["end"].value if "end" in row else None)
        item.evidence.update(iris([row], "ev"))
    return sorted(found.values(), key=lambda h: (h.former, h.post.label))
