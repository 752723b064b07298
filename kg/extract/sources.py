"""Anonymous sources and unnamed groups, with their count as stated.

"eleven sources familiar with the situation" (11), "four of those sources" (4, a subset of the
group before), "One source close to the ruling party" (1), "dos fuentes" (2), "un funcionario de
la Casa Blanca" (1). A definite re-mention ("the White House official", "The same source",
"las fuentes") is the group already introduced, not a new one. The affiliation is kept only
where the text states it: an entity or nationality inside the description.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .knowledge import fold
from .mentions import Link
from .proposals import slug
from .rules import Rules, phrase_pattern


@dataclass
class SourceGroup:
    id: str
    label: str
    start: int
    end: int
    noun: str
    count: int | None = None
    count_text: str | None = None
    subset_of: str | None = None
    affiliation: list[str] = field(default_factory=list)
    confidence: float = 0.7


@dataclass(frozen=True)
class SourceRef:
    """A span of the text that refers to a source group (its introduction or a re-mention)."""

    start: int
    end: int
    source: str


class SourceFinder:
    def __init__(self, rules: Rules, known: set[str]):
        self.rules, self.known = rules, known
        self.numbers = {k.lower(): v for k, v in rules.table("numbers").items()}
        counts = [*self.numbers, *rules.words("uncounted")]
        nouns = "|".join(sorted(map(re.escape, rules.words("source_nouns")), key=len, reverse=True))
        count = "|".join(sorted(map(re.escape, counts), key=len, reverse=True))
        anaphoric = "|".join(sorted(map(re.escape, rules.words("anaphoric_determiners")), key=len,
                                    reverse=True))
        mods = r"(?:(?:\w\.){2,}[ ]+|[\w’'-]+[ ]+){0,4}?"  # "U.S." keeps its dots; no sentence end
        tail = rf"[ ]+(?P<mods>{mods})(?P<noun>{nouns})(?!\w)"
        self.introduced = re.compile(rf"(?<!\w)(?P<det>{count}|\d+){tail}", re.IGNORECASE)
        self.anaphor = re.compile(rf"(?<!\w)(?P<det>{anaphoric}){tail}", re.IGNORECASE)
        self.bare = re.compile(rf"(?:^|(?<=[.!?]\s))(?P<noun>{nouns})(?!\w)", re.IGNORECASE | re.MULTILINE)
        self.stop = phrase_pattern([*rules.cue_stance, "that", "que", *rules.words("according")])
        self.subset = phrase_pattern(rules.words("subset_markers"))
        self.post = {w.lower() for w in rules.words("source_postmodifiers")}

    def find(self, text: str, links: list[Link]) -> tuple[list[SourceGroup], list[SourceRef]]:
        groups: list[SourceGroup] = []
        refs: list[SourceRef] = []
        for m in sorted(self._matches(text), key=lambda m: m[1].start()):
            kind, match = m
            if any(r.start < match.end() and match.start() < r.end for r in refs):
                continue
            if kind == "anaphor":
                group = self._antecedent(groups, match.group("noun"), match.group("mods"))
                if group is not None:
                    refs.append(SourceRef(match.start(), match.end(), group.id))
                continue
            group = self._group(text, match, groups, links)
            groups.append(group)
            refs.append(SourceRef(group.start, group.end, group.id))
        return groups, refs

    def _matches(self, text: str):
        for kind, pattern in (("intro", self.introduced), ("anaphor", self.anaphor), ("bare", self.bare)):
            for match in pattern.finditer(text):
                yield kind, match

    def _group(self, text: str, match: re.Match, groups: list[SourceGroup], links: list[Link]) -> SourceGroup:
        start, end = match.start(), self._extend(text, match.end())
        det = match.groupdict().get("det")
        label = text[start:end]
        count = self._count(det, match.group("noun"))
        subset = None
        if self.subset and self.subset.search(match.groupdict().get("mods") or ""):
            subset = next((g.id for g in reversed(groups) if g.count and count and g.count >= count), None)
        affiliation = self._affiliation(text, start, end, links)
        sid = _unique(slug(" ".join(label.split()[:6])), {g.id for g in groups})
        return SourceGroup(sid, label, start, end, match.group("noun").lower(), count,
                           det if count else None, subset, affiliation)

    def _count(self, det: str | None, noun: str) -> int | None:
        if det is None:
            return None
        if det.isdecimal():
            return int(det)
        return self.numbers.get(det.lower())

    def _extend(self, text: str, end: int) -> int:
        """The description goes on after the noun ("familiar with the situation") up to a cue,
        a clause word or punctuation."""
        rest = text[end:]
        first = re.match(r"\s+([\w’']+)", rest)
        if not first or first.group(1).lower() not in self.post:
            return end
        limit = re.search(r"[,.;:!?“”\"«»—()\n]", rest)
        stop = len(rest) if limit is None else limit.start()
        cue = self.stop.search(rest, 0, stop) if self.stop else None
        if cue is not None:
            stop = cue.start()
        return end + len(rest[:stop].rstrip())

    def _affiliation(self, text: str, start: int, end: int, links: list[Link]) -> list[str]:
        span = text[start:end]
        familiar = re.search(r"\b(familiar|familiarizad\w*|knowledge)\b", span)
        cut = start + (familiar.start() if familiar else len(span))
        found = [t.entity for t in links
                 if start <= t.start and t.end <= cut and not t.entity.startswith("@")]
        demonyms = {fold(k): v for k, v in self.rules.table("demonyms").items()}
        if "former" not in span.lower():
            found += [country for word, country in demonyms.items()
                      if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", fold(text[start:cut]))]
        return [e for e in dict.fromkeys(found) if e in self.known]

    def _antecedent(self, groups: list[SourceGroup], noun: str, mods: str) -> SourceGroup | None:
        """The latest group named with the same noun ("the official" → "a White House official")."""
        stem = fold(noun.lower()).rstrip("s")
        return next((g for g in reversed(groups) if fold(g.noun).rstrip("s") == stem), None)


def _unique(base: str, taken: set[str]) -> str:
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate
