"""Hypothesis strategies that build SPARQL queries from grammar fragments, with ``SERVICE``
placed wherever the SPARQL 1.1 grammar allows a graph pattern: glued to the token before it,
spelt in any case or with ``\\u`` escapes, after comments, nested in groups, OPTIONAL, MINUS,
UNION, GRAPH, subqueries, EXISTS in FILTER, BIND, SELECT, ORDER BY and HAVING, and inside
another SERVICE. ``benign_queries`` builds the same shapes with the word only where it is not a
keyword (strings, IRIs, comments, variables, local names).

Every choice is read from one string of bytes (:class:`Tape`), so a query costs one draw.
"""

from __future__ import annotations

from hypothesis import strategies as st

CANARY = "http://127.0.0.1:9/"  # replaced by the live canary's URL where one is used
# The token before SERVICE: each can end a triples block or a pattern, and SERVICE may follow
# it with no white space at all (a bare word glued to it is still two tokens for a parser).
OBJECTS = ["1", "1.5", "1e5", ".5", "-1", "+1", "true", "false", "TRUE", '"x"', "'x'",
           '"""x"""', "'''x'''", '"x"@en', '"x"@en-GB', '"x"^^xsd:string', '"x"^^<urn:t>',
           "<urn:o>", "ex:o", "ex:", "?o", "$o", "[]", "()", "_:b", "( 1 )", "[ ?p ?o ]"]
AFTER_PATTERN = ["", "{}", "OPTIONAL{}", "MINUS{}", "GRAPH ?g {}", "{} UNION {}",
                 "FILTER(true)", "FILTER (?x)", "BIND(1 AS ?x)", "VALUES ?x {1}",
                 "VALUES (?x) {(1)}", "FILTER EXISTS{}", "?s ?p ?o FILTER(1)"]
# These end in a terminal that would take a glued word in (a local name, a variable, a language
# tag): SERVICE must be separated from them to be a keyword at all.
TAKES_A_GLUED_WORD = {'"x"@en', '"x"@en-GB', '"x"^^xsd:string', "ex:o", "ex:", "?o", "$o", "_:b"}
TAKES_A_DOT = {'"x"^^xsd:string', "ex:o", "_:b"}  # ex:o.SERVICE is one prefixed name
SPACES = ["", "", " ", "\n", "\t", "\r\n", "#c\n", " # SERVICE? no: a comment\n", "  \n\t "]
TARGETS = [f"<{CANARY}>", "?v", "ex:s", "<s>", "$v"]
# Contexts a group graph pattern may sit in; @@ is where the inner pattern goes.
NESTS = ["{ @@ }", "{@@}", "OPTIONAL { @@ }", "MINUS{@@}", "GRAPH ?g { @@ }", "{ @@ } UNION {}",
         "{} UNION { @@ }", "FILTER EXISTS { @@ }", "FILTER NOT EXISTS {@@}",
         "BIND(EXISTS { @@ } AS ?e)", "{ SELECT * WHERE { @@ } }", "{ SELECT ?s { @@ } LIMIT 1 }",
         f"SERVICE <{CANARY}> {{ @@ }}", "FILTER(EXISTS { @@ } || true)", "?s ?p ?o OPTIONAL{@@}"]
FORMS = ["SELECT * WHERE { @@ }", "SELECT * { @@ }", "ASK { @@ }", "ASK{@@}",
         "CONSTRUCT { ?s ?p ?o } WHERE { @@ }", "DESCRIBE ?s WHERE { @@ }",
         "SELECT (EXISTS { @@ } AS ?x) {}", "SELECT * {} ORDER BY (EXISTS { @@ })",
         "SELECT ?x { ?x ?y ?z } GROUP BY ?x HAVING (EXISTS { @@ })", "SELECT*{@@}",
         "SELECT DISTINCT ?s WHERE { @@ } LIMIT 10"]
PROLOGUES = ["", f"PREFIX ex: <{CANARY}> ", f"BASE <{CANARY}> PREFIX ex: <{CANARY}>\n",
             f"# a comment\nPREFIX ex: <{CANARY}>\n", f"prefix ex:<{CANARY}>"]
BINDINGS = ["", f"VALUES ?v {{ <{CANARY}> }} ", f"BIND(<{CANARY}> AS ?v) ",
            f"VALUES ?v {{ <{CANARY}> }}"]


class Tape:
    """Choices read from a string of bytes that hypothesis draws in one go: cheap to draw, and
    shrinking the bytes towards zero shrinks every choice towards the first option."""

    def __init__(self, data: bytes):
        self.data, self.pos = data, 0

    def number(self, below: int) -> int:
        byte = self.data[self.pos % len(self.data)] if self.data else 0
        self.pos += 1
        return byte % below

    def pick(self, options: list[str]) -> str:
        return options[self.number(len(options))]


def spelt(tape: Tape, word: str) -> str:
    """``word`` with each letter in either case, and some letters as ``\\u``/``\\U`` escapes."""
    escape = tape.number(4) == 0  # a quarter of the spellings use escapes
    out = []
    for char in word:
        choice = tape.number(8)
        char = char.lower() if choice & 1 else char.upper()
        if escape and choice & 2:
            char = f"\\U{ord(char):08X}" if choice & 4 else f"\\u{ord(char):04x}"
        out.append(char)
    return "".join(out)


def service_pattern(tape: Tape) -> str:
    """``SERVICE [SILENT] target { … }`` with any spelling and spacing."""
    keyword = spelt(tape, "SERVICE")
    silent = spelt(tape, "SILENT") + tape.pick(SPACES) if tape.number(3) == 0 else ""
    target = tape.pick(TARGETS)
    inner = tape.pick(["{}", "{ ?a ?b ?c }", "{?a ?b ?c}", "{ ?s ?p ?o }"])
    return f"{keyword}{tape.pick(SPACES)}{silent}{target}{tape.pick(SPACES)}{inner}"


def glued(tape: Tape, pattern: str) -> str:
    """What comes before the pattern in its group, glued to it or not."""
    before = tape.number(3)
    spaces = SPACES
    if before == 0:
        lead = tape.pick(AFTER_PATTERN)
    else:
        term = tape.pick(OBJECTS)
        dot = " ." if term in TAKES_A_DOT else "."
        lead = "?s ?p " + term + (dot if before == 2 else "")
        if before == 1 and term in TAKES_A_GLUED_WORD:
            spaces = [space for space in SPACES if space]
    return tape.pick(BINDINGS) + lead + tape.pick(spaces) + pattern


def build_query(data: bytes, pattern=service_pattern) -> str:
    """A whole query with ``pattern`` (default: a SERVICE call) somewhere inside it."""
    tape = Tape(data)
    text = glued(tape, pattern(tape))
    for _ in range(tape.number(4)):
        text = tape.pick(NESTS).replace("@@", text)
    return tape.pick(PROLOGUES) + tape.pick(FORMS).replace("@@", text)


def queries() -> st.SearchStrategy[str]:
    """Queries that call SERVICE somewhere."""
    return st.binary(min_size=40, max_size=40).map(build_query)


HIDDEN_WORDS = [  # the word where it is no keyword: the guard must let these through
    '"SERVICE"', "'service'", '"""a SERVICE\nb"""', "<urn:SERVICE>", "?service", "$SERVICE",
    "ex:SERVICE", "ex:aSERVICE", "ex:serviceType", "nk:IntelligenceService", '"x"@service',
    "_:SERVICE", "?o # SERVICE <x> {}\n", "?o. # service\n",
]


def benign_pattern(tape: Tape) -> str:
    """A triple pattern that mentions ``service`` only as a term or in a comment."""
    return f"?s ?p {tape.pick(HIDDEN_WORDS)}"


def benign_queries() -> st.SearchStrategy[str]:
    """Queries of the same shapes whose only ``SERVICE`` is a term, string, IRI or comment."""
    return st.binary(min_size=40, max_size=40).map(
        lambda data: build_query(data, benign_pattern).replace(f"SERVICE <{CANARY}> {{",
                                                                "OPTIONAL {"))
