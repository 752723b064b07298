"""Turn what the stages found into the seeds files: ``<id>.ann.yaml``, ``<id>.meta.yaml`` and,
for names the registry lacks, ``<id>.registry.yaml``."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .claims import DraftClaim
from .draft import Found
from .knowledge import Knowledge
from .mentions import Link
from .proposals import Proposal
from .propositions import suggest
from .writer import draft_flags, occurrence


@dataclass(frozen=True)
class Extraction:
    tool: str
    version: str
    at: str

    def header(self) -> dict:
        return {"tool": self.tool, "version": self.version, "at": self.at}


def annotation(found: Found, article: str, known: Knowledge, run: Extraction) -> tuple[dict, list[str]]:
    """The annotation, and the comments of its suggested propositions (in order)."""
    text = found.text
    sources = [_source(found, g) for g in found.sources]
    claims, notes = _claims(found, known)
    data = {"extraction": run.header(), "article": article, "sources": sources,
            "mentions": _mentions(found, known), "roles": _roles(found, known),
            "events": [_event(text, e) for e in found.events], "claims": claims,
            "skipped": [{**occurrence(text, s.start, s.end), "reason": s.reason, **draft_flags(0.6)}
                        for s in found.skips]}
    return {k: v for k, v in data.items() if v != []}, notes


def _source(found: Found, g) -> dict:
    item = {"id": g.id, "label": g.label}
    if g.count is not None:
        item["count"] = g.count
        item["countText"] = g.count_text
    if g.subset_of:
        item["subsetOf"] = g.subset_of
    if g.affiliation:
        item["affiliation"] = g.affiliation
    return {**item, **occurrence(found.text, g.start, g.end), **draft_flags(g.confidence)}


def _mentions(found: Found, known: Knowledge) -> list[dict]:
    """The links the converter's own alias matching would not make: not exact names, names
    inside another written mention (the converter takes no name inside a mention), and the
    re-mentions of an anonymous source ("The White House official", "The same source")."""
    implicit = _alias_matches(found.text, known, found.proposals)
    links = sorted({(t.start, t.end, t.entity): t for t in found.links + found.pronoun_links
                    if not t.entity.startswith("@")}.values(), key=lambda t: (t.start, -t.end))
    written = [t for t in links if (t.start, t.end, t.entity) not in implicit
               and not (t.kind == "role" and _title_of_holder(found, t))]
    written += [t for t in links if (t.start, t.end, t.entity) in implicit
                and any(w.start < t.end and t.start < w.end for w in written)]
    written += [Link(r.start, r.end, r.source, "source", 0.6) for r in found.source_refs]
    return [{"entity": t.entity, **occurrence(found.text, t.start, t.end), **draft_flags(t.confidence)}
            for t in sorted(written, key=lambda t: (t.start, -t.end))]


def _title_of_holder(found: Found, role) -> bool:
    """"interim president Delcy Rodríguez": the role is a title and the role item covers it (an
    apposition, "la presidenta encargada, Delcy Rodríguez", is a mention of its own)."""
    return any(t.entity == role.entity and t is not role and t.start >= role.end
               and not found.text[role.end:t.start].strip() and t.start - role.end <= 3
               for t in found.links)


def _alias_matches(text: str, known: Knowledge, proposals: list[Proposal]) -> set[tuple[int, int, str]]:
    """What :func:`kg.seeds.mentions.find_mentions` finds from names alone: exact, whole word,
    longest first, never overlapping."""
    pairs = {(n, e.id) for e in known.entities.values() for n in e.names}
    pairs |= {(name, p.id) for p in proposals for name in (p.label, *p.aliases)}
    taken: list[tuple[int, int, str]] = []
    for name, entity in sorted(pairs, key=lambda pair: (-len(pair[0]), pair)):
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            if not any(s < m.end() and m.start() < e for s, e, _ in taken):
                taken.append((m.start(), m.end(), entity))
    return set(taken)


def _roles(found: Found, known: Knowledge) -> list[dict]:
    """A role phrase right next to its holder's name ("interim president Delcy Rodríguez")."""
    from .rules import load_rules

    translations = {k.lower(): v.lower() for k, v in load_rules(found.language).table("roles").items()}
    out = []
    for role in (t for t in found.links if t.kind == "role"):
        written = found.text[role.start:role.end]
        name = translations.get(written.lower(), written.lower())
        post = known.posts.get(name)
        holder = next((t for t in found.links if t.entity == role.entity and t is not role
                       and 0 <= t.start - role.end <= 3), None)
        if post and holder:
            out.append({"holder": role.entity, "post": post, "roleName": written,
                        **occurrence(found.text, role.start, holder.end), **draft_flags(0.7)})
    return out


def _event(text: str, e) -> dict:
    item: dict = {"id": e.id, "type": e.type, "label": _label(e.label)}
    item.update(occurrence(text, e.start, e.end))
    if e.date:
        item["date"] = e.date
    if e.place:
        item["place"] = e.place
    if e.participants:
        item["participants"] = [{"actor": a, "role": r} for a, r in e.participants]
    if e.fatalities is not None:
        item["fatalities"] = e.fatalities
    return {**item, **draft_flags(e.confidence)}


def _claims(found: Found, known: Knowledge) -> tuple[list[dict], list[str]]:
    out, notes = [], []
    for n, claim in enumerate(found.claims, start=1):
        item = _claim(found, claim, n)
        suggestion = suggest(found.text[claim.start:claim.end], known)
        if suggestion is not None:
            item["proposition"] = suggestion[0]
            notes.append(f"suggested: content matches a curated claim (score {suggestion[1]:.2f})")
        about = _about(found, claim)
        if about:
            item["about"] = about
        stated = _stated(found, claim)
        if stated:
            item["stated"] = stated
        out.append({**item, **draft_flags(claim.confidence)})
    return out, notes


def _claim(found: Found, claim: DraftClaim, n: int) -> dict:
    label = _label(found.text[claim.start:claim.end])
    if claim.hedge:
        label += f" (hedged: {claim.hedge})"
    item = {"id": f"c{n:02d}", "label": label, "claimant": claim.claimant}
    if claim.via and claim.via != claim.claimant:
        item["via"] = claim.via
    item["stance"] = claim.stance
    if claim.cue:
        item["cue"] = claim.cue
    return {**item, **occurrence(found.text, claim.start, claim.end)}


def _about(found: Found, claim: DraftClaim) -> list[str]:
    ids = [t.entity for t in found.links if claim.start <= t.start and t.end <= claim.end
           and not t.entity.startswith("@")]
    ids += [e.id for e in found.events if claim.start <= e.start < claim.end]
    return list(dict.fromkeys(ids))


def _stated(found: Found, claim: DraftClaim) -> dict | None:
    sent = claim.sentence
    if sent is None or claim.claimant == "author":
        return None
    return next((d.spec for d in found.dates if sent.start <= d.start < sent.end
                 and not (claim.start <= d.start < claim.end) and not _in_apposition(found.text, claim, d)),
                None)


def _in_apposition(text: str, claim: DraftClaim, d) -> bool:
    """"Frank Mora, former ambassador … during the Biden administration, said": a date between
    commas after the speaker and before the cue describes the speaker, not when they spoke."""
    speaker, cue = claim.speaker, claim.cue_at
    if speaker is None or cue is None or not speaker.end <= d.start < cue:
        return False
    return "," in text[speaker.end:d.start] and "," in text[d.end:cue]


def _label(text: str, words: int = 16) -> str:
    flat = " ".join(text.split()).strip("“”\"«»—")
    cut = flat.split()
    return flat if len(cut) <= words else " ".join(cut[:words]) + " …"


def registry(found: Found, lang: str, extra: list[dict], run: Extraction) -> dict | None:
    """The proposed entities (names the text gives that the registry lacks)."""
    ids = {e["id"] for e in extra}  # the outlet or author the text names is not proposed twice
    entities = [*extra, *(_entity(p, lang) for p in found.proposals if p.id not in ids)]
    return {"extraction": run.header(), "entities": entities} if entities else None


def _entity(p: Proposal, lang: str) -> dict:
    label = {"en": p.label} if lang == "en" else {"en": p.label, lang: p.label}
    return {"id": p.id, "type": p.type, "label": label, "aliases": [p.label, *p.aliases],
            **draft_flags(0.5)}
