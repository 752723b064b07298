"""An article as a reader sees it: its metadata and its text with every annotated span marked.

Spans overlap (a claim contains mentions; an event may start inside a claim and end after it),
while HTML elements nest. :func:`layout` nests spans that fit inside each other and cuts a span
that crosses the end of an enclosing one into pieces (the lower-ranked of the two is cut, so
claims stay whole unless two claims cross); the pieces share the span's ``key`` and only the
first carries it as element id, so ``/articles/<id>#claim-c01`` lands on the claim's start.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace

import pyoxigraph as ox

from kg.namespaces import NK
from kg.store.oxigraph import Store

from .labels import labels
from .review import MACHINE_DRAFT
from .sparql import Ref, iris, py, select

META = """SELECT ?p ?o WHERE { %(article)s ?article a nk:NewsArticle ; ?p ?o }"""
ARTICLES = """SELECT ?article ?headline ?published ?publisher
  (COUNT(DISTINCT ?claim) AS ?claims) WHERE {
  ?article a nk:NewsArticle ; schema:headline ?headline .
  OPTIONAL { ?article schema:datePublished ?published }
  OPTIONAL { ?article schema:publisher ?publisher }
  OPTIONAL { ?claim a nk:Claim ; nk:reportedIn ?article }
} GROUP BY ?article ?headline ?published ?publisher ORDER BY ?published ?article"""
SPANS = """SELECT DISTINCT ?ev ?start ?end ?node ?kind ?reason ?review WHERE {
  %(article)s
  ?ev oa:hasSource ?article ; oa:hasSelector ?ps . ?ps oa:start ?start ; oa:end ?end .
  OPTIONAL { ?ev nk:reviewStatus ?review }
  { ?node nk:evidence ?ev ; a ?kind }
  UNION { ?mention oa:hasTarget ?ev ; oa:hasBody ?node . BIND (oa:Annotation AS ?kind) }
  UNION { ?ev nk:skipReason ?reason }
} ORDER BY ?ev ?node"""  # a span's first node is its link: the same on every engine
KIND = {str(NK.Claim): "claim", str(NK.Event): "event", str(NK.Agreement): "agreement",
        str(NK.Provision): "provision", str(NK.AnonymousSource): "source",
        str(NK.PostHolding): "role", "http://www.w3.org/ns/oa#Annotation": "mention"}
# Which span stays whole when two start together and end together (outermost first).
RANK = {k: i for i, k in enumerate(("skipped", "agreement", "claim", "event", "provision",
                                    "role", "source", "mention"))}


@dataclass(frozen=True)
class Span:
    """An annotated stretch ``text[start:end]``: its kind, the nodes it states, its evidence key."""

    start: int
    end: int
    kind: str
    key: str
    nodes: tuple[Ref, ...]
    note: str = ""  # why a skipped span was skipped
    cut: bool = False  # a later piece of a span cut by :func:`layout`
    draft: bool = False  # drafted by kg extract, not reviewed (its evidence is a machine draft)


@dataclass
class Mark:
    """A span (or a piece of one) in the laid-out text; ``first`` pieces carry the element id;
    ``link`` is False for mentions inside another link (HTML links do not nest)."""

    span: Span
    first: bool
    children: list = field(default_factory=list)  # of str and Mark
    link: bool = False


@dataclass(frozen=True)
class ArticleMeta:
    ref: Ref
    id: str
    fields: dict[str, list]  # property label → values (str or Ref)
    text: str
    published: str


def articles(store: Store) -> list[dict]:
    """All articles with headline, publication date, publisher and number of claims."""
    rows = select(store, ARTICLES)
    names = labels(store, iris(rows, "publisher"))
    return [{"ref": Ref(r["article"].value, r["headline"].value),
             "id": r["article"].value.rsplit("/", 1)[-1], "published": py(r.get("published")),
             "publisher": names.get(py(r.get("publisher")) or "", ""), "claims": py(r["claims"])}
            for r in rows]


def article_meta(store: Store, article: ox.NamedNode) -> ArticleMeta | None:
    """The article's metadata and text, or None if ``article`` is not an article."""
    rows = select(store, META, article=article)
    if not rows:
        return None
    names = labels(store, iris(rows, "p", "o") | {article.value})
    fields: dict[str, list] = defaultdict(list)
    text = published = ""
    for row in rows:
        prop, value = row["p"].value, row["o"]
        if prop.endswith("/text"):
            text = value.value
            continue
        if prop.endswith("/datePublished"):
            published = value.value
        shown = Ref(value.value, names[value.value]) if isinstance(value, ox.NamedNode) \
            else value.value
        fields[names[prop]].append(shown)
    # Values in label order: engines answer a property's values in different orders.
    ordered = {name: sorted(values, key=lambda v: (v.label, v.iri) if isinstance(v, Ref) else ("", v))
               for name, values in sorted(fields.items())}
    return ArticleMeta(Ref(article.value, names[article.value]), article.value.rsplit("/", 1)[-1],
                       ordered, text, published)


def spans(store: Store, article: ox.NamedNode) -> list[Span]:
    """Every annotated span of the article, one per evidence key (its nodes merged)."""
    rows = select(store, SPANS, article=article)
    names = labels(store, iris(rows, "node"))
    found: dict[str, Span] = {}
    for row in rows:
        kind = "skipped" if "reason" in row else KIND.get(py(row.get("kind")))
        if kind is None:
            continue
        key = row["ev"].value.rsplit("/", 1)[-1]
        nodes = (Ref(row["node"].value, names[row["node"].value]),) if "node" in row else ()
        old = found.get(key)
        found[key] = replace(old, nodes=tuple(dict.fromkeys(old.nodes + nodes))) if old else \
            Span(py(row["start"]), py(row["end"]), kind, key, nodes, py(row.get("reason")) or "",
                 draft=row.get("review") == MACHINE_DRAFT)
    return sorted(found.values(), key=_order)


def _order(span: Span) -> tuple:
    return span.start, -span.end, RANK[span.kind], span.key


def layout(text: str, found: list[Span], start: int = 0, end: int | None = None,
           in_link: bool = False) -> list:
    """``text[start:end]`` as a list of strings and :class:`Mark` trees (see module docstring)."""
    end = len(text) if end is None else end
    pending, out, at = sorted(found, key=_order), [], start
    while pending:
        top, rest = pending[0], pending[1:]
        yielded = _yield_to(top, rest)
        if yielded:
            pending = sorted([*yielded, *rest], key=_order)
            continue
        if top.start > at:
            out.append(text[at:top.start])
        inner = [s for s in rest if s.start < top.end]
        outer = [s for s in rest if s.start >= top.end]
        outer += [replace(s, start=top.end, cut=True) for s in inner if s.end > top.end]
        inner = [replace(s, end=min(s.end, top.end)) for s in inner]
        link = top.kind == "mention" and not in_link
        children = layout(text, inner, top.start, top.end, in_link or link)
        out.append(Mark(top, not top.cut, children, link))
        at, pending = top.end, sorted(outer, key=_order)
    if end > at:
        out.append(text[at:end])
    return out


def _yield_to(top: Span, rest: list[Span]) -> list[Span]:
    """Cut ``top`` where a higher-ranked span that crosses its end starts (claims stay whole)."""
    cut_at = min((s.start for s in rest if s.start < top.end < s.end
                  and RANK[s.kind] < RANK[top.kind]), default=None)
    if cut_at is None:
        return []
    return [replace(top, end=cut_at), replace(top, start=cut_at, cut=True)]
