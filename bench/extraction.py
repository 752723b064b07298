"""``python -m bench.extraction``: how close ``kg extract``'s drafts come to curated annotations.

Each seed article is drafted from its text alone, against a seeds folder holding the registry and
the *other* seed article — once with the full registry ("with own entities") and once with the
entities only this article names taken out ("without"), so the draft must propose them. The
test articles of ``bench/data/extraction/`` (each with hand-made gold and a registry file of the
entities only it names) are drafted the same way: the Spanish test article, tuned on, and two
held-out articles, English and Spanish, never tuned on. Then speed per 1,000 words after the
models load, model load time and peak RSS, each measured in a fresh process. Prints Markdown
(the tables of docs/extraction.md).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import yaml

from kg.extract import Options, extract, write
from kg.seeds.annotations import load_corpus
from kg.seeds.corpus import Article, Corpus
from kg.seeds.mentions import find_mentions

from .extraction_score import Score, score

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
TESTS = ROOT / "bench" / "data" / "extraction"
TEST_ARTICLES = {"es_retirada": "Spanish test article (tuned on)",
                 "en_heldout_dgcim": "English held-out article (never tuned on)",
                 "es_heldout_medicos": "Spanish held-out article (never tuned on)"}
TARGETS = {"claim recall": 0.70, "claim precision": 0.80, "stance accuracy": 0.80,
           "anonymous sources, right count": 0.85, "entity links, precision": 0.95,
           "entity links, recall": 0.85, "dates, right value and precision": 0.75}


def referenced(article: Article, corpus: Corpus) -> set[str]:
    """Every registry id an article names: its mentions and every id its files use."""
    ids = {e for e, _ in find_mentions(article, corpus.registry)}
    ids |= {article.meta.outlet, article.meta.author, *article.meta.basedOn}
    ids |= set(_strings(article.annotation.model_dump()))
    return ids & {e.id for e in corpus.registry.entities}


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def reduced_registry(path: Path, drop: set[str]) -> dict:
    """``registry.yaml`` without ``drop``, and without references to them."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    kept = [e for e in data["entities"] if e["id"] not in drop]
    for e in kept:
        for key in ("partOf", "memberOf"):
            if key in e:
                e[key] = [x for x in e[key] if x not in drop]
                if not e[key]:
                    del e[key]
        for key in ("country", "location"):
            if e.get(key) in drop:
                del e[key]
        _sources_of_what_is_left(e)
    posts = [p for p in data.get("posts", []) if p["postIn"] not in drop]
    for e in kept:
        e["holds"] = [h for h in e.get("holds", []) if h["post"] in {p["id"] for p in posts}]
    props = data.get("propositions", [])
    for p in props:
        p["about"] = [x for x in p.get("about", []) if x not in drop]
    return {"entities": kept, "posts": posts, "propositions": props}


def _sources_of_what_is_left(entity: dict) -> None:
    """An entity's registry sources, without the facts the reduction removed (a source names the
    facts it states, and kg check refuses one for a fact the entity does not state)."""
    gone = {"partOf", "memberOf", "country", "location"} - set(entity)
    sources = [{**s, "about": [a for a in s.get("about", []) if a not in gone]}
               for s in entity.get("sources", [])]
    if "sources" in entity:
        entity["sources"] = [s for s in sources if s["about"]]


def draft_case(gold_dir: Path, article: str, others: list[str], drop: set[str], own: list[dict],
               work: Path) -> tuple[Article, Corpus, float]:
    """Draft ``article`` from its text in a folder with the others; return it loaded. ``own``:
    entities of the article's gold registry file, added to the registry (a file named like the
    article's own draft registry would be skipped as its earlier draft)."""
    folder = work / f"{article}-{'without' if drop else 'with'}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    registry = reduced_registry(SEEDS / "registry.yaml", drop)
    registry["entities"] += own
    (folder / "registry.yaml").write_text(yaml.safe_dump(registry, allow_unicode=True, sort_keys=False),
                                          encoding="utf-8")
    for other in others:
        for path in gold_dir.glob(f"{other}.*"):
            shutil.copy(path, folder)
        _without_origins(folder / f"{other}.ann.yaml")
    meta = yaml.safe_load((gold_dir / f"{article}.meta.yaml").read_text(encoding="utf-8"))
    options = Options(date.fromisoformat(meta["published"][:10]), folder, meta["language"], article,
                      meta["outlet"], meta["author"], meta["headline"])
    start = time.perf_counter()
    draft = extract(gold_dir / meta["file"], options)
    seconds = time.perf_counter() - start
    write(draft, folder)
    corpus = load_corpus(folder)
    return next(a for a in corpus.articles if a.meta.id == article), corpus, seconds


def _without_origins(path: Path) -> None:
    """The other article without its curated origins: they name events and claims of the article
    being drafted (a suspected shared report, the claims it matches), which its draft does not
    have under the curated ids. Origins are not scored."""
    if path.exists():
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if data.pop("origins", None) is not None:
            path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_gold(article: str, work: Path) -> Path:
    """Seeds plus a test article and its gold, in one folder."""
    folder = work / f"gold-{article}"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(SEEDS, folder)
    for path in TESTS.glob(f"{article}.*"):
        shutil.copy(path, folder)
    return folder


def cases(work: Path, only: str = ""):
    """(name, gold article, gold corpus, draft article, draft corpus)."""
    gold = load_corpus(SEEDS)
    ids = [a.meta.id for a in gold.articles]
    for article in [a for a in gold.articles if only in a.meta.id]:
        others = [i for i in ids if i != article.meta.id]
        own = referenced(article, gold) - set().union(*(referenced(a, gold) for a in gold.articles
                                                        if a.meta.id in others))
        for drop in (set(), own):
            d, dc, _ = draft_case(SEEDS, article.meta.id, others, drop, [], work)
            yield (f"{article.meta.id} {'without' if drop else 'with'} own entities", article, gold, d, dc)
    for name in [t for t in TEST_ARTICLES if only in t]:
        folder = test_gold(name, work)
        test_corpus = load_corpus(folder)
        article = next(a for a in test_corpus.articles if a.meta.id == name)
        entities = yaml.safe_load((TESTS / f"{name}.registry.yaml").read_text(encoding="utf-8"))
        for with_own in (True, False):
            own = entities["entities"] if with_own else []
            d, dc, _ = draft_case(folder, name, ids, set(), own, work)
            yield f"{name} {'with' if with_own else 'without'} own entities", article, test_corpus, d, dc


def fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def table(results: dict[str, Score]) -> str:
    names = list(results)
    rows = ["| measure | target | " + " | ".join(names) + " |",
            "|---|---|" + "---|" * len(names)]
    measures = {**{m: f"≥ {t:.0%}" for m, t in TARGETS.items()}, "claim recall, one-to-one": "(stricter)",
                "nested names, not judged": "(of drafted links)"}
    for measure, target in measures.items():
        cells = []
        for name in names:
            hits, total = results[name].counts.get(measure, (0, 0))
            cells.append(f"{fmt(hits / total if total else None)} ({hits}/{total})")
        rows.append(f"| {measure} | {target} | " + " | ".join(cells) + " |")
    merges = [str(len(results[n].merges)) for n in names]
    rows.append("| wrong merges of two people | 0 | " + " | ".join(merges) + " |")
    return "\n".join(rows)


def misses(results: dict[str, Score], top: int = 8) -> str:
    out = []
    for name, result in results.items():
        out.append(f"\n**{name}**\n")
        for kind, counter in result.misses.items():
            if counter:
                items = "; ".join(f"{k} ×{v}" if v > 1 else k for k, v in counter.most_common(top))
                more = len(counter) - top
                out.append(f"- {kind}: {items}" + (f"; … {more} more" if more > 0 else ""))
        if result.merges:
            out.append(f"- wrong merges: {'; '.join(result.merges)}")
    return "\n".join(out)


SPEED = """
import json, resource, statistics, sys, time
from datetime import date
from pathlib import Path
t = time.perf_counter()
from kg.extract.nlp import pipeline
pipeline("en"); pipeline("es")
load = time.perf_counter() - t
from kg.extract import Options, extract
runs = []
for path, pub, lang in json.loads(sys.argv[1]):
    options = Options(date.fromisoformat(pub), Path(sys.argv[2]), lang)
    extract(Path(path), options)  # warm: rules, registry, first parse
    words = len(Path(path).read_text(encoding="utf-8").split())
    times = []
    for _ in range(5):
        start = time.perf_counter()
        extract(Path(path), options)
        times.append(time.perf_counter() - start)
    runs.append((path, words, statistics.median(times)))
print(json.dumps({"load": load, "runs": runs,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def speed() -> dict:
    articles = [(str(SEEDS / "000_cff27210c16c26bb.txt"), "2026-02-21", "en"),
                (str(SEEDS / "002_aca773533d52a18d.txt"), "2026-02-23", "en"),
                (str(TESTS / "es_retirada.txt"), "2026-02-25", "es"),
                (str(TESTS / "en_heldout_dgcim.txt"), "2026-03-03", "en"),
                (str(TESTS / "es_heldout_medicos.txt"), "2026-03-04", "es")]
    out = subprocess.run([sys.executable, "-c", SPEED, json.dumps(articles), str(SEEDS)],
                         capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout)


def speed_table(measured: dict) -> str:
    rows = ["| article | words | median draft time | per 1,000 words |", "|---|---|---|---|"]
    for path, words, seconds in measured["runs"]:
        rows.append(f"| {Path(path).name} | {words} | {seconds:.2f} s | {seconds / words * 1000:.2f} s |")
    rows.append(f"\nModel load (spaCy English model + Spanish tokenizer, cold process): "
                f"{measured['load']:.2f} s. Peak RSS of that process: {measured['rss_mb']:.0f} MB.")
    return "\n".join(rows)


def overall(results: dict[str, Score], names: list[str]) -> str:
    total = Score()
    for name in names:
        total.add(results[name])
    return ", ".join(f"{m} {fmt(total.ratio(m))}" for m in TARGETS)


def groups(results: dict[str, Score]) -> dict[str, list[str]]:
    """The cases by article group: the seeds, then each test article."""
    out: dict[str, list[str]] = {"Seeds": [n for n in results if n.split()[0] not in TEST_ARTICLES]}
    for article, title in TEST_ARTICLES.items():
        out[title] = [n for n in results if n.split()[0] == article]
    return {title: names for title, names in out.items() if names}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--no-speed", action="store_true", help="scores only")
    parser.add_argument("--only", help="run only the cases whose name contains this")
    parser.add_argument("--misses", type=int, default=8, help="misses listed per kind (default 8)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kg-extract-bench-") as tmp:
        results = {name: score(g, gc, d, dc) for name, g, gc, d, dc in cases(Path(tmp), args.only or "")}
    for title, names in groups(results).items():
        print(f"\n{title}:\n")
        print(table({n: results[n] for n in names}))
    print("\nMisses by kind (most frequent first):")
    print(misses(results, args.misses))
    if not args.no_speed:
        print()
        print(speed_table(speed()))
    print()
    for title, names in groups(results).items():
        print(f"{title}, overall (both conditions): {overall(results, names)}")
    held_out = [n for n in results if "heldout" in n]
    if held_out:
        print(f"Held-out articles together (both conditions): {overall(results, held_out)}")


if __name__ == "__main__":
    main()
