"""Claims as a reader sees them: who claims what, with which stance, quoted in its sentence.

Which claims is a :class:`~kg.browse.claim_filter.ClaimFilter` (the ``/claims`` form); its slots
fill the patterns below.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from kg.namespaces import base_iri
from kg.store.oxigraph import Store

from .claim_filter import SOURCES, ClaimFilter
from .labels import labels
from .origins import INDEPENDENCE, ORIGIN_STATUS, Corroboration, corroborations
from .quotes import Quote, article_texts, in_sentence
from .review import Draft, draft_in_row
from .sparql import MAX_ROWS, Ref, iris, py, select

PAGE_SIZE = 50

# A set filter is written into the triple pattern as a constant term (an escaped IRI, see
# kg.browse.sparql.Fixed), an unset one as its variable: with a constant the engine starts from
# that index (one person's claims), where a VALUES clause was joined after scanning every claim
# (~400 ms at 1M quads against ~2 ms). An unset stance or source type leaves its pattern out: the
# shapes give every claim exactly one of each, and reading them for nothing was ~0.7 ms of the
# busiest claimant's page at 1M quads.
_MATCH = """
  %(claim)s
  ?claim a nk:Claim ; nk:claimant %(claimant)s ; nk:reportedIn %(article)s .
  %(stance)s %(stype)s %(about)s %(review)s EXTRA
  %(corroborated)s %(contradicted)s
"""
# The claim's own patterns stay in one basic graph pattern, before the BINDs: a pattern after a
# BIND is evaluated on its own and joined (every evidence offset of the corpus, ~250 ms at 1M).
COUNT = "SELECT (COUNT(DISTINCT ?claim) AS ?n) WHERE {" + _MATCH.replace("EXTRA", "") + "}"
PAGE = ("SELECT ?claim (MIN(?start) AS ?first) WHERE {"
        + _MATCH.replace("EXTRA", "?claim nk:evidence ?ev . ?ev oa:hasSelector ?selector . "
                                  "?selector oa:start ?start .")
        + "} GROUP BY ?claim ?article ORDER BY ?article ?first ?claim"  # ?article unset if fixed
        " LIMIT %(limit)s OFFSET %(offset)s")
# The claims of one claimant, subject or article are few: KEYS lists them (the count) per article,
# and FIRSTS orders by first quote only those of the articles up to the page's end — the evidence
# of all 277 claims of the busiest person was ~13 ms of a 1M-quad page. KEYS answers one row per
# article, its claims space-separated (an IRI has no spaces): each row read costs ~10 µs.
KEYS = ("SELECT ?article (GROUP_CONCAT(DISTINCT STR(?claim)) AS ?claims) WHERE {"
        + _MATCH.replace("EXTRA", "") + "} GROUP BY ?article ORDER BY ?article")
FIRSTS = """SELECT ?claim ?article (MIN(?start) AS ?first) WHERE {
  %(claim)s
  ?claim nk:reportedIn ?article ; nk:evidence ?ev . ?ev oa:hasSelector ?selector .
  ?selector oa:start ?start .
} GROUP BY ?claim ?article ORDER BY ?article ?first ?claim"""
# A claim's own statements, quote and flags. What a claim may lack is asked apart (EXTRAS), as
# the branches of a UNION: Oxigraph's planner spends ~0.15 ms on each OPTIONAL whatever the rows
# (1.4 ms of the 2.2 ms this query took for an entity page's 20 claims at 1M quads, with five).
DETAILS = """SELECT ?claim ?label ?stance ?stype ?claimant ?article ?published ?ev ?exact ?start ?end
  ?corroborated ?contradicted WHERE {
  %(claim)s
  ?claim rdfs:label ?label ; nk:stance ?stance ; nk:sourceType ?stype ; nk:claimant ?claimant ;
         nk:reportedIn ?article ; nk:evidence ?ev .
  ?ev oa:hasSelector ?qs, ?ps . ?qs oa:exact ?exact . ?ps oa:start ?start ; oa:end ?end .
  OPTIONAL { ?article schema:datePublished ?published }
  BIND (EXISTS { ?claim nk:corroborates ?other1 } AS ?corroborated)
  BIND (EXISTS { ?claim nk:contradicts ?other2 } AS ?contradicted)
} ORDER BY ?article ?start"""
# One row per thing a claim has, each binding its own variables (a card takes the first of each).
# The claims are listed in every branch: Oxigraph evaluates a UNION (and an OPTIONAL) on its own
# before joining, so a list outside it read every claim's extras in the corpus (~30 ms of a
# 1M-quad entity page, against ~1 ms). A confidence comes with a review status, as before.
EXTRAS = """SELECT ?claim ?via ?when ?origin ?status ?originator ?review ?confidence WHERE {
  { %(claim)s ?claim nk:via ?via } UNION { %(claim)s ?claim nk:statedAt/nk:dateText ?when }
  UNION { %(claim)s ?claim nk:origin ?origin }
  UNION { %(claim)s ?claim nk:originStatus ?status ; nk:originator ?originator }
  UNION { %(claim)s ?claim nk:reviewStatus ?review }
  UNION { %(claim)s ?claim nk:reviewStatus ?review ; nk:confidence ?confidence }
}"""
CLAIMANTS = """SELECT ?claimant (COUNT(DISTINCT ?claim) AS ?n) WHERE {
  ?claim a nk:Claim ; nk:claimant ?claimant } GROUP BY ?claimant ORDER BY DESC(?n) ?claimant"""
ARTICLES = "SELECT DISTINCT ?article WHERE { ?article a nk:NewsArticle } ORDER BY ?article"


@dataclass(frozen=True)
class ClaimCard:
    """One claim, ready to show: every linked node with its label, the quote in its sentence."""

    claim: Ref
    stance: Ref
    source_type: Ref
    source: str  # named | anonymous | author
    claimant: Ref
    via: Ref | None
    article: Ref
    article_id: str
    published: str
    when: str | None
    quote: Quote
    corroborated: bool
    contradicted: bool
    origin: Ref | None = None  # the report or statement it traces back to
    origin_status: str = ""  # named by the article, suspected by the curator, own reporting
    originator: Ref | None = None  # who is behind that origin
    corroboration: Corroboration | None = None
    draft: Draft | None = None  # a machine draft that no curator has reviewed


@dataclass(frozen=True)
class ClaimPage:
    cards: list[ClaimCard]
    total: int
    page: int
    pages: int


def find_claims(store: Store, where: ClaimFilter, page_size: int = PAGE_SIZE) -> ClaimPage:
    """One page of the claims that pass ``where``, in reading order (article, then position)."""
    slots = where.slots()
    offset = (where.page - 1) * page_size
    found = _anchored_page(store, slots, offset, page_size) if where.anchored() else None
    if found is None:
        total = py(select(store, COUNT, **slots)[0]["n"])
        found = total, [row["claim"] for row in select(store, PAGE, limit=page_size,
                                                        offset=offset, **slots)]
    total, ids = found
    pages = max(1, -(-total // page_size))
    return ClaimPage(claim_cards(store, ids), total, where.page, pages)


def _anchored_page(store: Store, slots: dict, offset: int,
                   size: int) -> tuple[int, list[ox.NamedNode]] | None:
    """(total, claims of the page) from KEYS and FIRSTS; None if COUNT and PAGE must answer: too
    many articles, or a claim without a quote (PAGE leaves it out, shifting the places after it)."""
    keys = select(store, KEYS, **slots)
    if len(keys) >= MAX_ROWS:
        return None
    fixed = slots["article"].term  # then ?article is not in the pattern
    pairs = [(claim, (row.get("article") or fixed).value)
             for row in keys for claim in row["claims"].value.split()]
    shown = _through_article(pairs, offset + size)
    if not shown:
        return 0, []
    rows = select(store, FIRSTS, claim=[ox.NamedNode(c) for c in sorted({c for c, _ in shown})])
    wanted = set(shown)
    ordered = [row["claim"] for row in rows
               if (row["claim"].value, row["article"].value) in wanted]
    if len(ordered) != len(shown):
        return None
    return len({claim for claim, _ in pairs}), ordered[offset:offset + size]


def _through_article(pairs: list[tuple], end: int) -> list[tuple]:
    """The first ``end`` (claim, article) pairs and the rest of the last one's article."""
    while 0 < end < len(pairs) and pairs[end][1] == pairs[end - 1][1]:
        end += 1
    return pairs[:end]


def claim_cards(store: Store, claims: list[ox.NamedNode]) -> list[ClaimCard]:
    """Cards for ``claims``, in the given order (two queries for the claims, two for their context)."""
    if not claims:
        return []
    rows: dict[str, dict] = {}
    for row in select(store, DETAILS, claim=claims):
        rows.setdefault(row["claim"].value, row)
    for row in select(store, EXTRAS, claim=claims):
        for name, term in row.items():
            rows.get(row["claim"].value, {}).setdefault(name, term)
    independence = select(store, INDEPENDENCE, claim=claims)
    names = labels(store, iris(rows.values(), "claim", "stance", "stype", "claimant", "via",
                               "article", "origin", "originator") | iris(independence, "originator"))
    texts = article_texts(store, {row["article"].value for row in rows.values()})
    found = corroborations(independence, names)
    return [_card(rows[c.value], names, texts, found.get(c.value))
            for c in claims if c.value in rows]



def _card(row: dict, names: dict[str, str], texts: dict[str, str],
          corroboration: Corroboration | None = None) -> ClaimCard:
    def ref(name: str) -> Ref | None:
        return Ref(row[name].value, names[row[name].value]) if name in row else None

    article = row["article"].value
    key = row["ev"].value.rsplit("/", 1)[-1]
    text = texts.get(article, "")
    start, end = py(row["start"]), py(row["end"])
    quote = in_sentence(text, start, end, key) if text else Quote("", py(row["exact"]), "",
                                                                  start, end, key)
    source = next((k for k, v in SOURCES.items() if v == row["stype"]), "named")
    return ClaimCard(ref("claim"), ref("stance"), ref("stype"), source, ref("claimant"),
                     ref("via"), ref("article"), article.rsplit("/", 1)[-1],
                     py(row.get("published")) or "", py(row.get("when")),
                     quote, py(row["corroborated"]), py(row["contradicted"]), ref("origin"),
                     ORIGIN_STATUS.get(row["status"].value, "") if "status" in row else "",
                     ref("originator"), corroboration, draft_in_row(row))


def filter_options(store: Store) -> dict[str, list[tuple[str, str]]]:
    """The ``(value, text)`` choices of the ``/claims`` form: claimants (most claims first), articles."""
    claimants = select(store, CLAIMANTS)
    articles = select(store, ARTICLES)
    names = labels(store, iris(claimants, "claimant") | iris(articles, "article"))
    id_base = base_iri() + "id/"
    return {
        "claimant": [(row["claimant"].value.removeprefix(id_base),
                      f"{names[row['claimant'].value]} ({py(row['n'])})") for row in claimants],
        "article": [(row["article"].value.rsplit("/", 1)[-1], names[row["article"].value])
                    for row in articles],
    }
