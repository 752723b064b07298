"""Read YAML while remembering the line of every node, so errors can say ``file:line``."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from kg.errors import AnnotationError

Loc = tuple[str | int, ...]


_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml parses ~10x faster


class _NoDatesLoader(_BaseLoader):
    """SafeLoader that keeps dates as strings: curators write ``2026-01-03`` and mean text."""


_NoDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml(path: Path) -> tuple[Any, dict[Loc, int]]:
    """Parse ``path`` and return its data plus a map from each node's location to its line."""
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text, Loader=_NoDatesLoader)
    except yaml.YAMLError as exc:
        raise AnnotationError(f"{path}:{syntax_error(exc, text)}") from None
    lines: dict[Loc, int] = {}
    if node is None:
        return None, lines
    loader = _NoDatesLoader("")
    return _build(node, (), lines, loader), lines


# What was left open, by the parser's context: the mistake is where it was opened, not where
# the parser gave up (often the end of the file).
_UNCLOSED = {"while scanning a quoted scalar": "this quoted string",
             "while parsing a flow sequence": "this [ list", "while parsing a flow mapping": "this { mapping"}


def syntax_error(exc: yaml.YAMLError, text: str = "") -> str:
    r"""``line: yaml: message`` for a parse error of ``text``, at the line of the real mistake
    where it can: an unclosed bracket or quote is reported where it opens, not where the parser
    gave up (often the end of the file, or the next quote, which closes the runaway string).

    >>> def error(text):
    ...     try:
    ...         yaml.compose(text, Loader=_NoDatesLoader)
    ...     except yaml.YAMLError as exc:
    ...         return syntax_error(exc, text)
    >>> error('a: 1\nq: "abc\nb: 2\n')
    '2: yaml: this quoted string is never closed (found unexpected end of stream at line 4)'
    >>> error('q: "abc\nb: 2\nc: "x"\n')
    '1: yaml: this quoted string runs on to line 3: is its closing quote missing?'
    >>> error("a:\n  b: 1\n c: 2\n")
    '3: yaml: did not find expected key (while parsing a block mapping)'
    """
    problem_mark, context_mark = getattr(exc, "problem_mark", None), getattr(exc, "context_mark", None)
    context, problem = getattr(exc, "context", None), getattr(exc, "problem", None) or str(exc)
    if context in _UNCLOSED and context_mark and problem_mark and problem_mark.line > context_mark.line:
        return (f"{context_mark.line + 1}: yaml: {_UNCLOSED[context]} is never closed "
                f"({problem} at line {problem_mark.line + 1})")
    line = problem_mark.line + 1 if problem_mark else 1
    runaway = _runaway_quote(text, line)
    if runaway:
        return f"{runaway}: yaml: this quoted string runs on to line {line}: is its closing quote missing?"
    return f"{line}: yaml: {problem}" + (f" ({context})" if context else "")


def _runaway_quote(text: str, line: int) -> int | None:
    """The first line of a quoted string that spans lines and ends on ``line`` (1-based), the
    mark of a missing closing quote: the string ran on to the next quote."""
    found = None
    try:
        for token in yaml.scan(text, Loader=_NoDatesLoader):
            if token.start_mark.line + 1 > line:
                break
            if (isinstance(token, yaml.ScalarToken) and token.style in ('"', "'")
                    and token.start_mark.line < token.end_mark.line == line - 1):
                found = token.start_mark.line + 1
    except yaml.YAMLError:
        pass
    return found


def _build(node: yaml.Node, loc: Loc, lines: dict[Loc, int], loader: yaml.SafeLoader) -> Any:
    lines[loc] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node)
            out[key] = _build(value_node, (*loc, key), lines, loader)
            lines[(*loc, key)] = key_node.start_mark.line + 1  # point at the key, not its value
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*loc, i), lines, loader) for i, item in enumerate(node.value)]
    return loader.construct_object(node)


def line_of(lines: Mapping[Loc, int], loc: Loc) -> int:
    """The line of ``loc``, or of its nearest ancestor that has one."""
    while loc not in lines and loc:
        loc = loc[:-1]
    return lines.get(loc, 1)
