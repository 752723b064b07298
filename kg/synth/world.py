"""The invented world of ``kg synth``: countries, people, organisations, outlets, posts and the
propositions that stories argue about, written as a ``registry.yaml`` of the seeds' format.

Every name is fictional on purpose: a synthetic corpus must never put invented words in a real
person's mouth. The world grows with the corpus (more people, more stories) but far slower than
the number of articles, so actors recur across articles as they do in real news.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field

COUNTRIES = ("Arvenia", "Calderra", "Valdoria", "Marenas", "Solvania", "Brisca", "Ondara",
             "Teravia", "Luzmar", "Quintara", "Norvania", "Pelagia")
CITY_PARTS = (("San", "Puerto", "Villa", "Santa", "Nueva", "Alto"),
              ("Ardo", "Lumen", "Roca", "Clara", "Esperanza", "Mirador", "Olivo", "Sereno"))
FIRST = ("Ana", "Bruno", "Carla", "Diego", "Elena", "Félix", "Gabriela", "Héctor", "Inés",
         "Javier", "Lucía", "Marcos", "Noemí", "Óscar", "Paula", "Raúl", "Sofía", "Tomás",
         "Valeria", "Yolanda", "Adrián", "Beatriz", "Camilo", "Daniela", "Esteban", "Fabiola",
         "Germán", "Irene", "Joaquín", "Lorena", "Martín", "Nicolás", "Olga", "Patricio",
         "Renata", "Sergio", "Teresa", "Ulises", "Violeta", "Walter")
LAST = ("Álvarez", "Barrios", "Castaño", "Duarte", "Echeverría", "Fuentes", "Galindo", "Herrera",
        "Iriarte", "Jiménez", "Lozano", "Medina", "Núñez", "Ordóñez", "Pacheco", "Quiroga",
        "Rangel", "Salcedo", "Tovar", "Urdaneta", "Valencia", "Zambrano", "Acosta", "Benítez",
        "Carrillo", "Delgado", "Espinoza", "Figueroa", "Guzmán", "Hidalgo", "Ibarra", "Leal",
        "Montoya", "Navarro", "Ocampo", "Peralta", "Quintero", "Rosales", "Sandoval", "Trujillo",
        "Uribe", "Vargas", "Yáñez", "Zapata", "Aguirre", "Bermúdez", "Cordero", "Dávila")
OUTLETS = ("The Harbor Ledger", "Meridian Wire", "Southern Courier", "Altamar Daily",
           "The Coastal Review", "Cordillera Press", "Horizon News Service", "The Isthmus Post",
           "Marea Radio", "Tribuna Abierta", "The Gulf Observer", "Puente Digital")
INTERNATIONAL = (("Union of Southern States", "USS"), ("Continental Rights Council", "CRC"),
                 ("Maritime Security Forum", "MSF"), ("Regional Development Bank", "RDB"))
# (slug suffix, type, name pattern, acronym pattern, parent suffix)
BODIES = (("government", "GovernmentBody", "the Government of {c}", None, None),
          ("defence", "Ministry", "the Ministry of Defence of {c}", None, "government"),
          ("interior", "Ministry", "the Interior Ministry of {c}", None, "government"),
          ("foreign", "Ministry", "the Foreign Ministry of {c}", None, "government"),
          ("army", "ArmedForce", "the Armed Forces of {c}", "FA{i}", "defence"),
          ("intelligence", "IntelligenceAgency", "the Directorate of Military Intelligence of {c}",
           "DIM{i}", "defence"),
          ("party", "PoliticalParty", "the National Renewal Party of {c}", "PRN{i}", None),
          ("university", "University", "the University of {city}", None, None))
GROUPS = (("advisers", "{a} military advisers"), ("instructors", "{a} security instructors"),
          ("guards", "{a} presidential guards"), ("officers", "{a} junior officers"))
POSTS = (("president", "President of {c}", "President", "government"),
         ("defence-minister", "Minister of Defence of {c}", "Defence Minister", "defence"),
         ("interior-minister", "Minister of the Interior of {c}", "Interior Minister", "interior"),
         ("foreign-minister", "Foreign Minister of {c}", "Foreign Minister", "foreign"),
         ("intelligence-director", "Director of Military Intelligence of {c}",
          "Intelligence Director", "intelligence"),
         ("army-commander", "Commander of the Armed Forces of {c}", "Army Commander", "army"))
# A proposition: subject kind, predicate phrase, object kind ("country", "org", "group", "person")
PROPOSITIONS = (
    ("country", "has deployed security advisers to", "country"),
    ("group", "are leaving", "country"),
    ("org", "monitored officers suspected of disloyalty in", "country"),
    ("country", "supplied surveillance equipment to", "org"),
    ("person", "replaced the head of", "org"),
    ("org", "received training from instructors sent by", "country"),
    ("country", "is pressing for the withdrawal of foreign advisers from", "country"),
    ("person", "is distancing the government from", "country"),
    ("org", "was restructured under the guidance of", "country"),
    ("country", "signed a new security protocol with", "country"),
    ("person", "ordered the release of officers detained by", "org"),
    ("group", "protected senior officials of", "country"),
)


def slugify(text: str) -> str:
    """``"Félix Núñez"`` → ``felix-nunez``."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "-".join("".join(c if c.isalnum() else " " for c in plain.lower()).split())


def unaccented(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@dataclass
class Actor:
    id: str
    type: str
    name: str  # as written in running text (may start with "the")
    country: str | None = None
    aliases: list[str] = field(default_factory=list)
    part_of: str | None = None
    member_of: str | None = None
    size: int | None = None

    @property
    def label(self) -> str:
        return self.name[4:] if self.name.startswith("the ") else self.name


@dataclass
class World:
    countries: list[Actor]
    cities: list[Actor]
    people: list[Actor]
    journalists: list[Actor]
    outlets: list[Actor]
    orgs: dict[str, Actor]  # by id
    groups: list[Actor]
    posts: list[dict]
    propositions: list[dict] = field(default_factory=list)

    def actor(self, slug: str) -> Actor:
        for pool in (self.countries, self.cities, self.people, self.journalists, self.outlets,
                     self.groups):
            for actor in pool:
                if actor.id == slug:
                    return actor
        return self.orgs[slug]


def make_world(rng: random.Random, stories: int) -> World:
    """A registry sized for ``stories`` stories (4 articles each): people and groups grow with it."""
    countries = [Actor(slugify(c), "Country", c, aliases=[c]) for c in COUNTRIES]
    cities = [Actor(slugify(f"{a} {b}"), "City", f"{a} {b}", rng.choice(countries).id)
              for a in CITY_PARTS[0] for b in CITY_PARTS[1]]
    rng.shuffle(cities)
    cities = cities[:24]
    orgs = _bodies(countries, cities)
    names = _names(rng, 80 + stories // 3 + 40)
    people = [_person(name, rng.choice(countries).id, orgs, rng) for name in names[:-40]]
    journalists = [_person(name, None, orgs, rng) for name in names[-40:]]
    outlets = [Actor(slugify(o), "MediaOutlet", o, aliases=[o.removeprefix("The ")]) for o in OUTLETS]
    groups = [Actor(f"{c.id}-{suffix}", "Group", "the " + pattern.format(a=adjective(c.name)),
                    c.id, size=rng.randint(12, 400))
              for c in countries for suffix, pattern in GROUPS]
    posts = [{"id": f"{c.id}-{slug}", "label": label.format(c=c.name), "roleName": short,
              "postIn": f"{c.id}-{org}"} for c in countries for slug, label, short, org in POSTS]
    return World(countries, cities, people, journalists, outlets, orgs, groups, posts)


def _bodies(countries: list[Actor], cities: list[Actor]) -> dict[str, Actor]:
    orgs = {}
    for i, c in enumerate(countries, 1):
        city = next((x for x in cities if x.country == c.id), cities[i % len(cities)])
        for suffix, type_, pattern, acronym, parent in BODIES:
            name = pattern.format(c=c.name, city=city.name)
            aliases = [name[4:]] + ([acronym.format(i=i)] if acronym else [])
            orgs[f"{c.id}-{suffix}"] = Actor(f"{c.id}-{suffix}", type_, name, c.id, aliases,
                                             f"{c.id}-{parent}" if parent else None)
    for name, acronym in INTERNATIONAL:
        orgs[slugify(name)] = Actor(slugify(name), "InternationalOrganization", "the " + name,
                                    aliases=[name, acronym])
    return orgs


def _names(rng: random.Random, count: int) -> list[str]:
    pairs = [(f, last) for f in FIRST for last in LAST]
    rng.shuffle(pairs)
    return [f"{f} {last}" for f, last in pairs[:count]]


def _person(name: str, country: str | None, orgs: dict[str, Actor], rng: random.Random) -> Actor:
    aliases = sorted({name, unaccented(name)})
    party = f"{country}-party" if country and rng.random() < 0.3 else None
    return Actor(slugify(name), "Person", name, country, aliases, member_of=party)


def adjective(country: str) -> str:
    return country[:-1] + "an" if country.endswith("a") else country + "ian"


def add_propositions(world: World, rng: random.Random, story: int, count: int) -> list[dict]:
    """``count`` propositions for one story, registered in the world (ids are story-scoped)."""
    made = []
    for k in range(count):
        subject_kind, phrase, object_kind = rng.choice(PROPOSITIONS)
        subject, obj = _pick(world, rng, subject_kind), _pick(world, rng, object_kind)
        if subject.id == obj.id:
            obj = rng.choice([c for c in world.countries if c.id != subject.id])
        made.append({"id": f"s{story:05d}-p{k:02d}", "subject": subject, "phrase": phrase,
                     "object": obj, "label": f"{_cap(subject.name)} {phrase} {obj.name}"})
    world.propositions.extend(made)
    return made


def _pick(world: World, rng: random.Random, kind: str) -> Actor:
    pools = {"country": world.countries, "group": world.groups, "person": world.people,
             "org": [o for o in world.orgs.values() if o.type != "University"]}
    return rng.choice(pools[kind])


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def registry_data(world: World) -> dict:
    """The world as the data of a ``registry.yaml``."""
    actors = [*world.countries, *world.cities, *world.orgs.values(), *world.groups,
              *world.outlets, *world.people, *world.journalists]
    return {
        "entities": [_entity(a) for a in actors],
        "posts": [{"id": p["id"], "label": {"en": p["label"]}, "postIn": p["postIn"]}
                  for p in world.posts],
        "propositions": [{"id": p["id"], "label": p["label"],
                          "about": [p["subject"].id, p["object"].id]} for p in world.propositions],
    }


SYNTH_REFERENCE = "https://example.org/kg-synth"


def _entity(actor: Actor) -> dict:
    entry: dict = {"id": actor.id, "type": actor.type, "label": {"en": _cap(actor.label)}}
    if actor.aliases:
        entry["aliases"] = actor.aliases
    entry["description"] = {"en": f"Synthetic {actor.type.lower()} (kg synth; not a real entity)."}
    if actor.country and actor.type != "Country":
        entry["country"] = actor.country
    if actor.part_of:
        entry["partOf"] = [actor.part_of]
    if actor.member_of:
        entry["memberOf"] = [actor.member_of]
    if actor.size is not None:
        entry["size"] = actor.size
    facts = [f for f in ("description", "country", "partOf", "memberOf", "size") if f in entry]
    entry["sources"] = [{"about": facts, "ref": SYNTH_REFERENCE,  # every registry fact has a source
                         "note": "Invented by kg synth for benchmarks; true of nothing real."}]
    return entry
