"""chrF of the offline translation paths on a held-out set: raw Apertium, and what each step adds.

Run from the repository root (about half a minute; needs apertium-eng-spa and sacrebleu,
from the dev extra):

    .venv/bin/python benchmarks/translation_chrf.py
    .venv/bin/python benchmarks/translation_chrf.py --show    # each sentence, raw and full

The held-out set (tests/data/heldout.en-es.toml) holds sentences from U.S. government reports
with our own Spanish; the rules were written from a separate development set
(tests/data/translation-dev.en.txt). Each path translates every sentence as a block through
ApertiumTranslator (the build's engine): "raw" turns off the glossary, the date rendering,
the rewordings and every repair; "default" is exactly what a build uses, with the project's
glossary (source/glossary.es.csv). Then each repair is measured twice: added alone to
glossary + dates + rewordings, and taken out of the default path. chrF is sacrebleu's corpus
chrF (character n-grams up to 6, beta 2; spaces are not counted, so repairs that only mend
spacing show no gain here).
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from collections.abc import Sequence
from pathlib import Path

import sacrebleu

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.translate.apertium import ApertiumTranslator  # noqa: E402
from pipeline.translate.corrections import correct_word_choices, corrections  # noqa: E402
from pipeline.translate.glossary import Glossary, report_glossary  # noqa: E402
from pipeline.translate.repairs import REPAIRS, Repair  # noqa: E402

HELD_OUT = ROOT / "tests" / "data" / "heldout.en-es.toml"
GLOSSARY = ROOT / "source" / "glossary.es.csv"


def load_pairs(path: Path = HELD_OUT) -> tuple[list[str], list[str]]:
    with path.open("rb") as file:
        pairs = tomllib.load(file)["pair"]
    return [p["en"] for p in pairs], [p["es"] for p in pairs]


def chrf(english: list[str], spanish: list[str], engine: ApertiumTranslator) -> float:
    hypotheses = engine.translate_blocks(english, "en", "es")
    return sacrebleu.corpus_chrf(hypotheses, [spanish]).score


def _engine(
    glossary: Glossary,
    repairs: Sequence[Repair],
    dates: bool = True,
    rewrites: bool = True,
    keep_names: bool = False,
    **held: bool,
) -> ApertiumTranslator:
    return ApertiumTranslator(
        glossary, repairs=repairs, dates=dates, rewrites=rewrites, keep_names=keep_names, **held
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="print each sentence, raw and full")
    args = parser.parse_args(argv)
    english, spanish = load_pairs()
    glossary = report_glossary(GLOSSARY)  # the build's: the project's over the built-in one
    none = Glossary()

    paths = {
        "raw Apertium": _engine(
            none, (), dates=False, rewrites=False, titled_names=False, glossary_placeholders=False
        ),
        "+ glossary": _engine(glossary, (), dates=False, rewrites=False),
        "+ glossary + dates": _engine(glossary, (), rewrites=False),
        "+ glossary + dates + rewordings": _engine(glossary, ()),
        "default: + glossary + dates + rewordings + repairs": _engine(glossary, REPAIRS),
        "experiment: default + unknown names kept in English": _engine(
            glossary, REPAIRS, keep_names=True
        ),
        "before: default, glossary terms as superblanks": _engine(
            glossary, REPAIRS, glossary_placeholders=False
        ),
        "before: default, no titled names held": _engine(glossary, REPAIRS, titled_names=False),
    }
    scores = {label: chrf(english, spanish, engine) for label, engine in paths.items()}
    raw = scores["raw Apertium"]
    print(f"held-out set: {len(english)} sentences ({HELD_OUT.relative_to(ROOT)})\n")
    print(f"{'path':<56} {'chrF':>6} {'vs raw':>7}")
    for label, score in scores.items():
        print(f"{label:<56} {score:6.2f} {score - raw:+7.2f}")

    base = scores["+ glossary + dates + rewordings"]
    full = scores["default: + glossary + dates + rewordings + repairs"]
    print(
        f"\n{'repair':<30} {'alone, on glossary+dates+rewordings':>36} {'left out of default':>20}"
    )
    for item in REPAIRS:
        alone = chrf(english, spanish, _engine(glossary, (item,)))
        others = tuple(r for r in REPAIRS if r is not item)
        without = chrf(english, spanish, _engine(glossary, others))
        print(f"{item.name:<30} {alone - base:+36.2f} {without - full:+20.2f}")
    for label, engine in (
        ("dates", _engine(glossary, REPAIRS, dates=False)),
        ("rewordings", _engine(glossary, REPAIRS, rewrites=False)),
    ):
        without = chrf(english, spanish, engine)
        print(f"{label:<30} {'(before translation)':>36} {without - full:+20.2f}")

    print(f"\n{'word choice (correct_word_choices)':<36} {'left out of default':>20}")
    for rule in corrections():
        rest = tuple(r for r in corrections() if r is not rule)
        chain = tuple(
            Repair(r.name, lambda s, t, rest=rest: correct_word_choices(s, t, rest))
            if r.name == "correct_word_choices"
            else r
            for r in REPAIRS
        )
        without = chrf(english, spanish, _engine(glossary, chain))
        print(f"{rule.name:<36} {without - full:+20.2f}")

    if args.show:
        raw_out = paths["raw Apertium"].translate_blocks(english, "en", "es")
        full_out = paths["default: + glossary + dates + rewordings + repairs"].translate_blocks(
            english, "en", "es"
        )
        for en, ref, a, b in zip(english, spanish, raw_out, full_out, strict=True):
            print(f"\nEN   {en}\nREF  {ref}\nRAW  {a}\nFULL {b}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
