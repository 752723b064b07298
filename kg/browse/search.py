"""Label and alias search, accent- and case-insensitive.

The registry writes every label and alias folded (``kg.convert.fold``: accents stripped, case
folded, hyphens as spaces) as ``skos:hiddenLabel``; the query is folded the same way, so
``rodriguez`` finds both Rodríguez. Other nodes (claims, events…) have no folded keys: their
labels are matched by a case-insensitive pattern in which each vowel also matches its accented
forms. Both go into SPARQL as escaped literals (:class:`~.sparql.Inline`), never as text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox

from kg.convert.corpus import fold
from kg.namespaces import base_iri
from kg.store.oxigraph import Store

from .kinds import kind_of
from .labels import labels
from .sparql import Inline, iris, select
from .summary import summaries

MAX_QUERY = 200  # characters
LIMIT = 100
SEARCH = """SELECT DISTINCT ?node ?text WHERE {
  { ?node skos:hiddenLabel ?text FILTER (CONTAINS(?text, %(q)s)) }
  UNION { ?node rdfs:label|skos:altLabel ?text FILTER (REGEX(STR(?text), %(pattern)s, "i")) }
  FILTER (STRSTARTS(STR(?node), %(space)s))
}"""
# The letters fold() strips accents from, with the accented forms found in Spanish and French.
ACCENTED = {"a": "aáàâäãå", "e": "eéèêë", "i": "iíìîï", "o": "oóòôöõ", "u": "uúùûü", "n": "nñ",
            "c": "cç", "y": "yýÿ", " ": " \\-‐–"}
TYPES = "SELECT DISTINCT ?node ?type WHERE { %(node)s ?node a ?type }"
# Entities first, then what is said about them; evidence parts are never results.
ORDER = ("entity", "event", "agreement", "article", "post", "source", "proposition", "claim",
         "provision", "holding", "time")


@dataclass(frozen=True)
class Hit:
    iri: str
    label: str
    kind: str
    types: tuple[str, ...]  # class labels
    matched: str  # the folded text that matched
    description: str = ""  # one line about the node (kg.browse.summary), as Wikidata shows
    alias: str = ""  # the other name that matched, as written, when it is not the label

def search(store: Store, text: str, limit: int = LIMIT) -> tuple[str, list[Hit]]:
    """The folded query and the nodes whose label or alias contains it, best matches first.

    :raise ValueError: the query is longer than :data:`MAX_QUERY` characters.
    """
    if len(text) > MAX_QUERY:
        raise ValueError(f"the search text is too long (at most {MAX_QUERY} characters)")
    key = fold(text)
    if not key:
        return key, []
    rows = select(store, SEARCH, q=Inline(ox.Literal(key)),
                  pattern=Inline(ox.Literal(loose_pattern(key))),
                  space=Inline(ox.Literal(base_iri() + "id/")))
    matched: dict[str, str] = {}
    written: dict[tuple[str, str], str] = {}  # (node, folded name) → the name as written
    for row in rows:
        iri, found = row["node"].value, fold(row["text"].value)
        text = row["text"].value
        if text != found and text < written.get((iri, found), "\uffff"):  # names as written;
            written[iri, found] = text  # of two spellings, the first in code-point order, not in row order
        # The better match, the smaller text on a tie: not whichever row the engine sent first.
        if key in found and kind_of(iri) in ORDER and (_score(found, key), found) < (
                _score(matched.get(iri), key), matched.get(iri, "")):
            matched[iri] = found
    ranked = sorted(matched, key=lambda iri: (ORDER.index(kind_of(iri)),
                                              _score(matched[iri], key), iri))[:limit]
    return key, _hits(store, ranked, matched, written)


def loose_pattern(key: str) -> str:
    """A regular expression for a folded key that also matches accented spellings.

    >>> loose_pattern("diaz canel.")
    'd[iíìîï][aáàâäãå]z[ \\\\-‐–][cç][aáàâäãå][nñ][eéèêë]l\\\\.'
    """
    return "".join(f"[{ACCENTED[c]}]" if c in ACCENTED else re.escape(c) for c in key)


def _score(found: str | None, key: str) -> int:
    """0 exact, 1 prefix, 2 word start, 3 anywhere; unmatched last."""
    if found is None:
        return 9
    if found == key:
        return 0
    if found.startswith(key):
        return 1
    return 2 if f" {key}" in f" {found}" else 3


def _hits(store: Store, ranked: list[str], matched: dict[str, str],
          written: dict[tuple[str, str], str]) -> list[Hit]:
    nodes = [ox.NamedNode(iri) for iri in ranked]
    types = select(store, TYPES, node=nodes) if nodes else []
    names = labels(store, set(ranked) | iris(types, "type"))
    classes: dict[str, list[str]] = {}
    for row in types:
        classes.setdefault(row["node"].value, []).append(names[row["type"].value])
    lines = summaries(store, ranked)
    return [Hit(iri, names[iri], kind_of(iri), tuple(sorted(classes.get(iri, []))), matched[iri],
                lines.get(iri, ""), _alias(iri, names[iri], matched[iri], written)) for iri in ranked]


def _alias(iri: str, label: str, found: str, written: dict[tuple[str, str], str]) -> str:
    """The name that matched as written, unless it is the label (then nothing: the hit shows
    the label already) or known only as a folded key."""
    return "" if found == fold(label) else written.get((iri, found), "")
