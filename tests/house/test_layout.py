"""The house: kg/ is one package per pipeline stage, data flows one way, and no import cycle.

Every import is read from the source with ``ast`` (those inside functions too: a lazy import is
still a dependency), resolved to the module it names, and checked against the stage order.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
# The pipeline, upstream first: a stage may import the shared basics (the modules at the top of
# kg/) and any stage before it, never one after it. web/ sits above kg/; the CLI above both.
STAGES = ["extract", "seeds", "synth", "convert", "validate", "build", "store", "browse", "web", "cli"]
MAX_TOP_MODULES = 12


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def all_modules() -> dict[str, Path]:
    paths = [*ROOT.joinpath("kg").rglob("*.py"), *ROOT.joinpath("web").rglob("*.py")]
    return {module_name(p): p for p in paths if "__pycache__" not in p.parts}


def imported(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The project modules that ``name`` imports, anywhere in its body."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(up + ([base] if base else []))
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for target in targets:
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def graph() -> dict[str, set[str]]:
    modules = all_modules()
    return {name: imported(name, path, modules) for name, path in modules.items()}


def stage_of(module: str) -> str | None:
    """``kg.seeds.schema`` → ``seeds``; ``web.sparql`` → ``web``; top-level basics → None."""
    parts = module.split(".")
    if parts[0] == "web":
        return "web"
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and parts[1] in STAGES) else None


def test_kg_top_level_holds_only_the_stages_and_a_few_basics():
    top = [p.name for p in ROOT.joinpath("kg").glob("*.py") if p.name not in ("__init__.py", "__main__.py")]
    packages = {p.name for p in ROOT.joinpath("kg").iterdir() if (p / "__init__.py").exists()}
    assert len(top) <= MAX_TOP_MODULES, top
    assert packages <= set(STAGES), packages - set(STAGES)


def test_no_stage_imports_a_stage_downstream_of_it():
    upward = []
    for module, targets in graph().items():
        here = stage_of(module)
        for target in targets:
            there = stage_of(target)
            if here is None and there is not None and module not in ("kg", "kg.__main__"):
                upward.append(f"{module} (a shared basic) imports {target}")
            elif here and there and STAGES.index(there) > STAGES.index(here):
                upward.append(f"{module} ({here}) imports {target} ({there})")
    assert not upward, "\n".join(sorted(upward))


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """A cycle in the module graph, as the list of modules along it, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        state[node] = 2
        stack.pop()
        return None

    for node in sorted(edges):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_no_import_cycle():
    # A package's __init__ re-exports its modules; counting those edges would make every
    # "from kg.store import Store" inside the package a cycle, so they are left out.
    edges = {m: {t for t in ts if not all_modules()[t].name == "__init__.py"} for m, ts in graph().items()}
    assert find_cycle(edges) is None, " -> ".join(find_cycle(edges))


@pytest.mark.parametrize("edges, cycle", [
    ({"a": {"b"}, "b": {"a"}}, ["a", "b", "a"]),
    ({"a": {"b"}, "b": {"c"}, "c": set()}, None),
    ({"a": {"b"}, "b": {"c"}, "c": {"b"}}, ["b", "c", "b"]),
])
def test_find_cycle_finds_cycles(edges, cycle):
    assert find_cycle(edges) == cycle
