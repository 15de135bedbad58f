"""Candidate glossary terms in a report: names, acronyms and repeated phrases it lacks.

``pipeline terms SOURCE`` lists them with how the engine renders each today, so a translator
settles them in one pass (a line in source/glossary.es.csv each) before the first build.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, replace

from pipeline.model import BlockKind, Document
from pipeline.parsing import inline_plain_text
from pipeline.translate import Translator
from pipeline.translate.glossary import Glossary
from pipeline.translate.names import find_names


@dataclass(frozen=True)
class Candidate:
    term: str
    kind: str  # "name", "acronym" (with its expansion, or alone) or "phrase"
    count: int
    rendering: str = ""  # what the engine makes of it today


_ACRONYM_ALONE = re.compile(r"(?<![\w.-])([A-Z][A-Z&]{1,9})s?(?![\w.-])")
_WORD = re.compile(r"[a-z][a-z’'-]*[a-z]|[a-z]")
# Words that open or close no noun phrase worth a glossary entry.
_STOPWORDS = frozenset(
    re.findall(
        r"\w+",
        """a about above after again against all also an and any are as at be because been
        before being between both but by can could did do does during each for from further
        had has have having he her here his how i if in into is it its itself just more most
        must no nor not of off on once only or other our out over own same she should so some
        such than that the their them then there these they this those through to too under
        until up very was we were what when where which while who whom why will with would you
        your may might new many much per well even still however including among within
        without across upon according""",
    )
)
# Sentence-opening words that take a capital without being names.
_COMMON_CAPITALISED = {"I", "A", "AN"}


def candidate_terms(
    document: Document, glossary: Glossary, min_repeats: int = 3
) -> list[Candidate]:
    """Names, acronyms and repeated noun phrases of ``document`` the glossary lacks.

    Names are runs of two or more capitalised words, cut before a designator and its number
    ("Lion Air" of "Lion Air Flight 610"); an acronym comes with its expansion where the text
    gives it ("Federal Aviation Administration (FAA)"); phrases are runs of two or three
    words that recur ``min_repeats`` times. Headings are left out: their capitals are style.
    """
    texts = [inline_plain_text(b.text) for b in document.blocks if b.kind is not BlockKind.HEADING]
    known = {e.term.casefold() for e in glossary.entries}

    def covered(term: str) -> bool:
        return term.casefold() in known or any(
            start == 0 and end == len(term) for start, end, _ in glossary.find(term)
        )

    names: Counter[str] = Counter()
    expansions: dict[str, str] = {}
    acronyms: Counter[str] = Counter()
    for text in texts:
        for name in find_names(text):
            names[name.text] += 1
            if name.acronym:
                expansions[name.acronym] = f"{name.text} ({name.acronym})"
        for match in _ACRONYM_ALONE.finditer(text):
            if match.group(1) not in _COMMON_CAPITALISED:
                acronyms[match.group(1)] += 1

    found: list[Candidate] = []
    for name, count in names.items():
        expanded = next((e for e in expansions.values() if e.startswith(f"{name} (")), None)
        if covered(name) or (expanded is not None and covered(expanded)):
            continue
        kind, term = ("acronym", expanded) if expanded else ("name", name)
        found.append(Candidate(term, kind, count))
    for acronym, count in acronyms.items():
        if acronym not in expansions and not covered(acronym) and count >= 2:
            found.append(Candidate(acronym, "acronym", count))
    found += [
        Candidate(phrase, "phrase", count)
        for phrase, count in _repeated_phrases(texts, min_repeats).items()
        if not covered(phrase)
    ]
    return sorted(found, key=lambda c: (-c.count, c.kind, c.term.casefold()))


def _repeated_phrases(texts: list[str], min_repeats: int) -> dict[str, int]:
    """Runs of two or three lower-case words, no stopword at either end, seen often enough;
    a pair inside a triple seen as often is left out (the triple says it)."""
    counts: Counter[str] = Counter()
    for text in texts:
        # Within a clause (punctuation ends a phrase), runs of lower-case words.
        for clause in re.split(r"[^\w\s’'-]+", text):
            tokens = clause.split()
            for size in (2, 3):
                for i in range(len(tokens) - size + 1):
                    run = tokens[i : i + size]
                    if all(_WORD.fullmatch(t) for t in run) and _phrase(run):
                        counts[" ".join(run)] += 1
    frequent = {p: n for p, n in counts.items() if n >= min_repeats}
    triples = [p for p in frequent if p.count(" ") == 2]
    return {
        p: n
        for p, n in frequent.items()
        if p.count(" ") == 2 or not any(p in t and frequent[t] >= n for t in triples)
    }


def _phrase(words: list[str]) -> bool:
    return words[0] not in _STOPWORDS and words[-1] not in _STOPWORDS and len(words[-1]) > 2


def with_renderings(candidates: list[Candidate], translator: Translator) -> list[Candidate]:
    """The candidates with the engine's rendering of each (one request for all of them)."""
    if not candidates:
        return []
    renderings = translator.translate_blocks([c.term for c in candidates], "en", "es")
    return [replace(c, rendering=r) for c, r in zip(candidates, renderings, strict=True)]


def render_terms(candidates: list[Candidate], engine: str) -> str:
    """A table: how often, what kind, the term, and the engine's rendering today."""
    width = max([len(c.term) for c in candidates] + [4])
    lines = [f"{'count':>5}  {'kind':<8} {'term':<{width}}  {engine} today"]
    lines += [f"{c.count:>5}  {c.kind:<8} {c.term:<{width}}  {c.rendering}" for c in candidates]
    return "\n".join(lines)


def terms_csv(candidates: list[Candidate]) -> str:
    """Rows for glossary.<lang>.csv, the engine's rendering as a draft translation to fix."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["term", "translation", "note", "do_not_translate", "gender"])
    for c in candidates:
        writer.writerow([c.term, c.rendering, f"{c.kind}, {c.count}x: engine's draft", "", ""])
    return out.getvalue()
