"""Names the registry does not know become proposed entities, each with a type.

English: the model's named entities (people, organizations, places). Spanish (no model): runs
of capitalised words, joined by "de", "del"…, that do not open a sentence alone.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .knowledge import Knowledge, fold
from .mentions import Link
from .nlp import Sentence
from .rules import Rules

NER_TYPES = {"PERSON": "Person", "ORG": "Organization", "GPE": "Region", "LOC": "Region",
             "FAC": "Region"}


@dataclass(frozen=True)
class Proposal:
    id: str
    type: str
    label: str
    aliases: tuple[str, ...] = ()  # an acronym the text gives: "Ministry of the Interior (MININT)"


def slug(text: str) -> str:
    """``"Palacio de Miraflores"`` → ``palacio-de-miraflores``."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "entity"


def candidates(doc, text: str, sents: list[Sentence], rules: Rules) -> list[tuple[int, int, str]]:
    """(start, end, type) of every name the text gives that may be an entity."""
    if doc.has_annotation("ENT_IOB"):
        found = [(e.start_char, e.end_char, NER_TYPES[e.label_]) for e in doc.ents
                 if e.label_ in NER_TYPES]
    else:
        found = [span for sent in sents for span in _capitalised(text, sent, rules)]
    return sorted(found)


_WORD = re.compile(r"[\w’'.-]+")


def _capitalised(text: str, sent: Sentence, rules: Rules):
    connectors = set(rules.words("name_connectors"))
    demonyms = {w for w in rules.table("demonyms") if w.islower()}
    words = [(m.start() + sent.start, m.end() + sent.start, m.group())
             for m in _WORD.finditer(sent.text)]
    run: list[tuple[int, int, str]] = []
    for i, word in enumerate([*words, (0, 0, "")]):
        capital = word[2][:1].isupper() and not word[2].isupper()
        if capital or (run and word[2] in connectors and i + 1 < len(words)
                       and words[i + 1][2][:1].isupper()):
            run.append(word)
            continue
        while run and run[-1][2] in connectors:
            run.pop()
        if run and word[2] in demonyms:  # "Cancillería cubana": the demonym is part of the name
            run.append(word)
        if run and not (run[0][0] == sent.start and len(run) == 1):
            yield run[0][0], run[-1][1], "Person" if len(run) in (2, 3) and not (
                connectors & {w[2] for w in run}) and run[-1][2] not in demonyms else "Organization"
        run = []


def propose(spans: list[tuple[int, int, str]], text: str, links: list[Link], known: Knowledge,
            rules: Rules) -> tuple[list[Proposal], list[Link]]:
    """New entities for the candidate names no link covers, and a link for each mention (of
    the name and of the acronym the text gives it)."""
    typed = {w: t for t, words in rules.table("entity_types").items() for w in words}
    proposals: dict[str, Proposal] = {}
    new_links: list[Link] = []
    for start, end, kind in spans:
        start, name, kind = _cleaned(text, start, end, kind)
        end = start + len(name)
        if not _is_name(name, rules) or any(t.start < end and start < t.end for t in links + new_links):
            continue
        kind = next((t for w, t in typed.items() if w in name.split() or w in name), kind)
        pid = slug(name)
        if pid in known.entities:
            new_links.append(Link(start, end, pid, "name", 0.7))
            continue
        acronym = re.match(r"\s*\(([A-Z][A-Z0-9]{1,7})\)", text[end:])
        same = next((p for p in proposals.values() if p.id == pid), None)  # one id, one entity
        proposal = same or proposals.setdefault(fold(name).lower(), Proposal(
            pid, kind, name, (acronym.group(1),) if acronym else ()))
        new_links.append(Link(start, end, proposal.id, "new", 0.5))
    for p in proposals.values():
        for alias in p.aliases:
            for m in re.finditer(rf"(?<!\w){re.escape(alias)}(?!\w)", text):
                if not any(t.start < m.end() and m.start() < t.end for t in links + new_links):
                    new_links.append(Link(m.start(), m.end(), p.id, "new", 0.5))
    return _fold_surnames(list(proposals.values()), sorted(new_links, key=lambda t: t.start))


def _cleaned(text: str, start: int, end: int, kind: str) -> tuple[int, str, str]:
    """The name without a leading article, a trailing "(", punctuation; a person's name before
    "administration" is that administration ("the Biden administration")."""
    name = text[start:end].split("(")[0].rstrip(" .,’'")
    article = re.match(r"(?:the|el|la|los|las)\s+", name, re.IGNORECASE)  # "the United Nations"
    if article:
        start, name = start + article.end(), name[article.end():]
    if kind == "Person" and re.match(r"\s+administration\b", text[start + len(name):]):
        name, kind = name + text[start + len(name):].split("administration")[0] + "administration", \
            "GovernmentBody"
    return start, name, kind


def _is_name(name: str, rules: Rules) -> bool:
    first = name.split()[0] if name.split() else ""
    never = {w.lower() for w in rules.words("never_names")}
    return bool(name) and first not in set(rules.words("not_names")) and name.lower() not in never \
        and (len(name) >= 2 or name.isupper()) and not (name.isupper() and len(name) > 8 and " " not in name)


def _fold_surnames(proposals: list[Proposal], links: list[Link]):
    """A one-word proposal that is the surname of exactly one proposed person is that person."""
    into: dict[str, str] = {}
    for p in proposals:
        if len(p.label.split()) == 1:
            owners = [q.id for q in proposals if q.type == "Person" and len(q.label.split()) > 1
                      and fold(q.label.split()[-1]) == fold(p.label)]
            if len(owners) == 1:
                into[p.id] = owners[0]
    kept = [p for p in proposals if p.id not in into]
    return kept, [Link(t.start, t.end, into.get(t.entity, t.entity), t.kind, t.confidence)
                  for t in links]
