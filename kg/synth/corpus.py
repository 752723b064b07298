"""``kg synth``: write N synthetic news articles annotated like the seeds, for tests and benchmarks.

Output: ``<id>.txt``, ``<id>.meta.yaml``, ``<id>.ann.yaml`` per article and a ``registry.yaml``,
in the format of ``seeds/README.md``. At ``density=1`` an article carries about as many claims,
events, sources, roles and mentions as a seed article. Articles come in stories of four (see
:mod:`kg.synth.story`): they tell the same events and argue about the same propositions, so shared
ids, corroborations and contradictions occur as in real coverage. The same ``seed`` and
arguments always write the same bytes.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import yaml

from .story import MONTHS, STORY_SIZE, Story, date_spec, make_story
from .text import CUES, DESCRIPTORS, HEADINGS, NUMBERS, SOURCES, STANCE_WEIGHTS, TAILS, Draft
from .world import Actor, World, adjective, make_world, registry_data

SECTIONS = ("sources", "mentions", "roles", "events", "agreements", "claims", "skipped")


@dataclass(frozen=True)
class SynthResult:
    out: Path
    articles: int
    claims: int
    events: int


def synth(articles: int, out: Path, *, seed: int = 0, density: float = 1.0) -> SynthResult:
    """Write ``articles`` articles and their registry into ``out`` (created if missing)."""
    out.mkdir(parents=True, exist_ok=True)
    stories = -(-articles // STORY_SIZE)
    world = make_world(random.Random(f"kg-synth:{seed}:world"), stories)
    claims = events = 0
    for s in range(stories):
        story = make_story(world, random.Random(f"kg-synth:{seed}:story:{s}"), s, density)
        for k in range(min(STORY_SIZE, articles - s * STORY_SIZE)):
            rng = random.Random(f"kg-synth:{seed}:article:{s}:{k}")
            writer = ArticleWriter(world, story, rng, k, density)
            meta, text, ann = writer.write()
            _save(out, meta, text, ann)
            claims += len(ann.get("claims", []))
            events += len(ann.get("events", []))
    _dump(out / "registry.yaml", registry_data(world), "Synthetic registry written by kg synth.")
    return SynthResult(out, articles, claims, events)


def _save(out: Path, meta: dict, text: str, ann: dict) -> None:
    (out / meta["file"]).write_bytes(text.encode("utf-8"))
    _dump(out / f"{meta['id']}.meta.yaml", meta, "Synthetic article metadata (kg synth).")
    _dump(out / f"{meta['id']}.ann.yaml", ann, "Synthetic annotation (kg synth).")


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data) -> bool:  # a shared list is written out, never as &id001
        return True


def _dump(path: Path, data: dict, comment: str) -> None:
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000)
    path.write_text(f"# {comment}\n{body}", encoding="utf-8")


class ArticleWriter:
    """One article of a story: its text, metadata and annotation, written together."""

    def __init__(self, world: World, story: Story, rng: random.Random, k: int, density: float):
        self.world, self.story, self.rng, self.density = world, story, rng, density
        self.id = f"s{story.index:05d}_{k}{rng.getrandbits(32):08x}"
        self.published = story.start + timedelta(days=61 + 2 * k)
        self.outlet, self.based_on = rng.sample(world.outlets, 2)
        self.author = rng.choice(world.journalists)
        self.draft = Draft()
        self.claims: list[dict] = []
        self.seen: set[str] = set()
        self.sources = self._sources()
        self.used_sources: set[str] = set()
        self.roles: set[str] = set()
        self.told = rng.sample(story.events, min(len(story.events), self._n(40)))

    def _n(self, count: float) -> int:
        return max(1, round(count * self.density))

    def write(self) -> tuple[dict, str, dict]:
        headline = self.rng.choice(self.story.propositions)["label"]
        self._header(headline)
        for i, task in enumerate(self._tasks()):
            if i % 3 == 0 and i:
                self.draft.paragraph()  # a heading (every 15 sentences) opens a paragraph
            if i % 15 == 0 and i:
                self._skip(self.rng.choice(HEADINGS), "section heading", "\n\n")
            task()
        self.draft.paragraph()
        self._skip(f"© {self.outlet.label} {self.published.year}", "copyright line", "\n")
        self.story.claims.extend((self.id, c["id"], c.get("proposition"), c["stance"])
                                 for c in self.claims)
        return self._meta(headline), self.draft.text, self._annotation()

    def _tasks(self) -> list:
        tasks = [lambda e=e: self._event_claim(e) for e in self.told]
        props = max(1, self._n(75) - len(self.told) - 3)
        tasks += [lambda: self._proposition_claim(self.rng.choice(self.story.propositions))
                  for _ in range(props)]
        self.rng.shuffle(tasks)
        for agreement in self.story.agreements:
            tasks.insert(self.rng.randrange(len(tasks) + 1), lambda a=agreement: self._agreement(a))
        return tasks

    def _header(self, headline: str) -> None:
        self._skip(self.outlet.label, "outlet name (article metadata)", "\n\n")
        with self.draft.sentence("\n\n"), self._claim({"claimant": "author", "stance": "assertion"},
                                                         headline):
            self.draft.write(headline)
        self._skip(f"{self._published_text()} by {self.author.name}", "byline (metadata)", "\n\n")
        self._skip(headline, "repeated headline", "\n\n")

    def _skip(self, text: str, reason: str, end: str) -> None:
        with self.draft.sentence(end), self.draft.span("skipped", {"reason": reason}):
            self.draft.write(text)

    # --- claims -------------------------------------------------------------------------------

    def _claim(self, item: dict, label: str):
        item = {"id": f"c{len(self.claims) + 1:02d}", "label": label, **item}
        self.claims.append(item)
        return self.draft.span("claims", item)

    def _stance(self) -> str:
        stances, weights = zip(*STANCE_WEIGHTS.items(), strict=True)
        return self.rng.choices(stances, weights)[0]

    def _proposition_claim(self, prop: dict) -> None:
        stance, who = self._stance(), self._claimant()
        item = {"claimant": who[0], "stance": stance, "proposition": prop["id"],
                "about": [prop["subject"].id, prop["object"].id]}
        item.update(self._cross_reference(prop["id"], stance))
        with self.draft.sentence(), self._claim(item, prop["label"]):
            self._attribution(who, stance, item)
            self._actor(prop["subject"])
            self.draft.write(f" {prop['phrase']} ")
            self._actor(prop["object"])
            self.draft.write(self.rng.choice(TAILS))

    def _event_claim(self, event: dict) -> None:
        who = self._claimant()
        item = {"claimant": who[0], "stance": "assertion", "about": [event["id"]]}
        with self.draft.sentence(), self._claim(item, event["label"]):
            self._attribution(who, "assertion", item)
            self._event(event)

    def _attribution(self, who: tuple, stance: str, item: dict) -> None:
        """``X said that`` (nothing for the author's own voice), with X's first-time span."""
        kind, actor = who[1], who[2]
        if kind == "author":
            return
        cue = self.rng.choice(CUES[stance])
        item["cue"] = cue.split()[0]
        if kind == "source":
            self._source_phrase(actor)
        else:
            self._person_or_org(actor)
        joiner = " " if cue.endswith("whether") else " that "
        self.draft.write(f" {cue}{joiner}")

    def _claimant(self) -> tuple[str, str, object]:
        roll = self.rng.random()
        if roll < 0.45:
            return "author", "author", None
        if roll < 0.65:
            source = self.rng.choice(self.sources)
            if source.get("subsetOf") not in (None, *self.used_sources):
                source = next(s for s in self.sources if s["id"] == source["subsetOf"])
            return source["id"], "source", source
        actor = self.rng.choice(self.story.people[:8] + self.story.countries[:1])
        return actor.id, "actor", actor

    def _cross_reference(self, prop: str, stance: str) -> dict:
        """Sometimes cite an earlier article's claim of the same proposition, as a curator would:
        only one of the same stance corroborates it (a denial citing an assertion would make the
        two claims corroborate and contradict each other, which the shapes refuse)."""
        earlier = [(a, c) for a, c, p, s in self.story.claims if p == prop and s == stance]
        if earlier and self.rng.random() < 0.15:
            article, claim = self.rng.choice(earlier)
            return {"corroborates": [f"{article}/{claim}"]}
        return {}

    # --- actors, sources, roles ---------------------------------------------------------------

    def _actor(self, actor: Actor) -> None:
        """The actor's name, or on a later mention sometimes a descriptor (an explicit mention)."""
        descriptor = DESCRIPTORS.get(actor.type)
        if actor.id in self.seen and descriptor and self.rng.random() < 0.4:
            with self.draft.span("mentions", {"entity": actor.id}):
                self.draft.write(descriptor)
            return
        self.seen.add(actor.id)
        self.draft.write(actor.name)

    def _person_or_org(self, actor: Actor) -> None:
        post = self.story.holdings.get(actor.id)
        if actor.type == "Person" and actor.id in self.seen:
            with self.draft.span("mentions", {"entity": actor.id}):
                self.draft.write(actor.name.split()[-1])  # the bare surname: not an alias
        elif post and actor.id not in self.roles and len(self.roles) < self._n(7):
            self.roles.add(actor.id)
            item = {"holder": actor.id, "post": post["id"], "roleName": post["roleName"]}
            with self.draft.span("roles", item):
                self.draft.write(f"{post['roleName']} {actor.name}")
        else:
            self.draft.write(actor.name)
        self.seen.add(actor.id)

    def _sources(self) -> list[dict]:
        made, whole = [], None
        picked = self.rng.sample(SOURCES, min(len(SOURCES), self._n(9)))
        for k, (phrase, descriptor, count) in enumerate(picked):
            n = self.rng.randint(3, 12) if count == "n" else count
            text = phrase.format(n=NUMBERS[(n or 1) - 1], adj=adjective(self.story.countries[0].name),
                                 city=self.rng.choice(self.world.cities).name,
                                 org=self.rng.choice(self.story.countries).name)
            item = {"id": f"source-{k + 1}", "label": text, "descriptor": descriptor}
            if n:
                item.update(count=n, countText=text.split()[0])
            whole = whole or (item if count == "n" else None)
            made.append(item)
        if whole and whole["count"] > 2:
            made.append({"id": f"source-{len(made) + 1}", "label": "two of those sources",
                         "descriptor": "the two sources", "count": 2, "countText": "two",
                         "subsetOf": whole["id"]})
        return made

    def _source_phrase(self, source: dict) -> None:
        if source["id"] in self.used_sources:
            with self.draft.span("mentions", {"entity": source["id"]}):
                self.draft.write(source["descriptor"])
            return
        self.used_sources.add(source["id"])
        item = {k: v for k, v in source.items() if k != "descriptor"}
        with self.draft.span("sources", item):
            self.draft.write(source["label"])

    # --- events and agreements ----------------------------------------------------------------

    def _event(self, event: dict) -> None:
        spec = date_spec(event["day"], self.published, self.rng)
        item = {"id": event["id"], "type": event["type"], "label": event["label"], "date": spec}
        item.update({k: event[k] for k in ("place", "fatalities") if k in event})
        item["participants"] = event["participants"]
        before = [e["id"] for e in self.told if e["day"] < event["day"]]
        if before and self.rng.random() < 0.3:
            item["causedBy"] = [self.rng.choice(before)]
        with self.draft.span("events", item):
            self.draft.write(event["clause"])
        self.draft.write(f" {spec['text']}")

    def _agreement(self, agreement: dict) -> None:
        a, b = agreement["names"]
        signed = agreement["signed"]
        spec = {"text": f"in {MONTHS[signed.month - 1]} {signed.year}",
                "value": f"{signed.year}-{signed.month:02d}"}
        item = {"id": agreement["id"], "label": agreement["label"][4:],
                "parties": agreement["parties"], "signed": spec, "provisions": [],
                "revealedBy": [self.based_on.id]}
        with self.draft.sentence(), self._claim({"claimant": "author", "stance": "assertion",
                                                  "about": [agreement["id"]]}, item["label"]):
            with self.draft.span("agreements", item):
                self.draft.write(f"{agreement['label']}, signed {spec['text']} between ")
                self.draft.write(f"the governments of {a.name} and {b.name}")
            self.draft.write(", provided for ")
            for i, provision in enumerate(agreement["provisions"]):
                self.draft.write(("", ", ", " and ")[min(i, 2)])
                self._provision(item, provision)

    def _provision(self, agreement: dict, text: str) -> None:
        provision = {"label": text[:1].upper() + text[1:]}
        agreement["provisions"].append(provision)
        with self.draft.span("", provision):  # nested in its agreement, not a section of its own
            self.draft.write(text)

    # --- output -------------------------------------------------------------------------------

    def _published_text(self) -> str:
        day = self.published
        return f"{day.strftime('%A')}, {day.day} {MONTHS[day.month - 1]} {day.year}"

    def _meta(self, headline: str) -> dict:
        meta = {"id": self.id, "file": f"{self.id}.txt", "outlet": self.outlet.id,
                "author": self.author.id, "headline": headline,
                "published": f"{self.published.isoformat()}T{self.rng.randrange(6, 22):02d}:"
                             f"{self.rng.randrange(60):02d}:00",
                "publishedText": self._published_text(), "language": "en"}
        return {**meta, "basedOn": [self.based_on.id]}

    def _annotation(self) -> dict:
        sections = self.draft.annotate()
        ann: dict = {"article": self.id}
        for name in SECTIONS:
            if sections.get(name):
                ann[name] = sections[name]
        return ann
