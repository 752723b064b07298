"""Stories for ``kg synth``: what a few articles of the same week report in common.

A story fixes the facts — events with their dates, places, participants and death tolls, the
agreements, who holds which post, the propositions argued about — so articles telling the same
event agree on it, as shared event ids require, and claims of different articles state the same
propositions, which the converter turns into corroboration and contradiction links.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from kg.seeds.schema import EVENT_TYPES

from .world import Actor, World, add_propositions

STORY_SIZE = 4  # articles per story
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
# type, clause pattern, role of each slot (slots: agent, group, place, target, other)
EVENT_TEMPLATES = tuple(t for t in (
    ("Deployment", "{agent} deployed {group} to {place}", {"agent": "agent", "group": "participant"}),
    ("Withdrawal", "{group} withdrew from {place}", {"group": "agent"}),
    ("Detention", "{agent} detained {n} officers in {place}", {"agent": "perpetrator"}),
    ("Meeting", "{agent} met {other} in {place}", {"agent": "participant", "other": "participant"}),
    ("Training", "{agent} trained {group} in {place}", {"agent": "agent", "group": "beneficiary"}),
    ("Surveillance", "{agent} placed {target} under surveillance in {place}",
     {"agent": "agent", "target": "target"}),
    ("Supply", "{agent} delivered communications equipment to {target}",
     {"agent": "agent", "target": "beneficiary"}),
    ("Investigation", "{agent} opened an investigation into {target}",
     {"agent": "agent", "target": "target"}),
    ("Killing", "{n} members of {group} were killed in {place}", {"group": "victim"}),
    ("Speech", "{agent} gave a speech in {place}", {"agent": "speaker"}),
    ("PhoneCall", "{agent} spoke by phone with {other}", {"agent": "speaker", "other": "addressee"}),
    ("Condemnation", "{agent} condemned {target}", {"agent": "speaker", "target": "target"}),
    ("Removal", "{agent} removed {group} from their posts", {"agent": "agent", "group": "affected"}),
    ("Blockade", "{agent} blocked fuel shipments to {place}", {"agent": "perpetrator"}),
    ("Return", "{group} returned to {place}", {"group": "agent"}),
) if t[0] in EVENT_TYPES)
PROVISIONS = ("the training of officers in {a}", "an exchange of intelligence personnel",
              "the joint surveillance of border areas", "the supply of communications equipment",
              "access to military facilities in {b}", "the vetting of senior commanders")


@dataclass
class Story:
    index: int
    start: date
    countries: list[Actor]
    people: list[Actor]
    holdings: dict[str, dict]  # person id → post
    events: list[dict]
    agreements: list[dict]
    propositions: list[dict]
    claims: list[tuple[str, str, str | None, str]] = field(default_factory=list)
    """(article id, claim id, proposition, stance) of the articles written so far, for
    cross-references."""


def make_story(world: World, rng: random.Random, index: int, density: float) -> Story:
    start = date(2024, 1, 1) + timedelta(days=rng.randrange(800))
    countries = rng.sample(world.countries, 3)
    people = rng.sample(world.people, 10)
    posts = [p for p in world.posts if any(p["id"].startswith(c.id + "-") for c in countries)]
    holdings = {person.id: post for person, post in zip(people[:6], rng.sample(posts, 6), strict=True)}
    story = Story(index, start, countries, people, holdings, [], [],
                  add_propositions(world, rng, index, max(2, round(30 * density))))
    story.events = [_event(world, story, rng, k) for k in range(max(1, round(55 * density)))]
    story.agreements = [_agreement(story, rng, k) for k in range(2)]
    return story


def actors(world: World, story: Story) -> list[Actor]:
    """Who may act in this story's events: its countries, their bodies and groups, its people."""
    ids = {c.id for c in story.countries}
    orgs = [o for o in world.orgs.values() if o.country in ids and o.type != "University"]
    return [*story.countries, *orgs, *story.people]


def _event(world: World, story: Story, rng: random.Random, k: int) -> dict:
    type_, pattern, roles = rng.choice(EVENT_TEMPLATES)
    cast = actors(world, story)
    slots = {"agent": rng.choice(cast), "other": rng.choice(cast), "target": rng.choice(cast),
             "group": rng.choice([g for g in world.groups if g.country in
                                  {c.id for c in story.countries}]),
             "place": rng.choice([*story.countries, *world.cities])}
    n = rng.randint(2, 40)
    clause = pattern.format(n=n, **{k: v.name for k, v in slots.items()})
    participants = [{"actor": slots[slot].id, "role": role} for slot, role in roles.items()]
    event = {"id": f"s{story.index:05d}-e{k:02d}", "type": type_, "clause": clause,
             "label": clause[:1].upper() + clause[1:], "participants": _unique(participants),
             "day": story.start + timedelta(days=rng.randrange(60))}
    if "{place}" in pattern:
        event["place"] = slots["place"].id
    if type_ == "Killing":
        event["fatalities"] = n
    return event


def _unique(participants: list[dict]) -> list[dict]:
    seen, out = set(), []
    for p in participants:
        if (p["actor"], p["role"]) not in seen:
            seen.add((p["actor"], p["role"]))
            out.append(p)
    return out


def _agreement(story: Story, rng: random.Random, k: int) -> dict:
    a, b = story.countries[0], story.countries[1 + k % 2]
    signed = story.start - timedelta(days=rng.randrange(300, 4000))
    provisions = [p.format(a=a.name, b=b.name) for p in rng.sample(PROVISIONS, 3)]
    label = f"the {('security', 'defence', 'intelligence')[k % 3]} cooperation agreement " \
            f"of {MONTHS[signed.month - 1]} {signed.year}"
    return {"id": f"s{story.index:05d}-a{k}", "label": label, "signed": signed,
            "parties": [f"{a.id}-government", f"{b.id}-government"],
            "names": (a, b), "provisions": provisions}


def date_spec(day: date, published: date, rng: random.Random) -> dict:
    """A date as an article would word it, with what it resolves to (seeds/README.md)."""
    form = rng.random()
    month = MONTHS[day.month - 1]
    if form < 0.55:
        same_year = day.year == published.year
        text = f"on {day.day} {month}" + ("" if same_year else f" {day.year}")
        return {"text": text, "value": day.isoformat(), **({"inferred": True} if same_year else {})}
    if form < 0.8:
        return {"text": f"in {month} {day.year}", "value": f"{day.year}-{day.month:02d}"}
    if form < 0.9:
        return {"text": f"in {day.year}", "value": str(day.year)}
    return {"text": f"in mid-{month} {day.year}", "earliest": day.replace(day=11).isoformat(),
            "latest": day.replace(day=20).isoformat(), "approximate": True}
