"""How well, and how cheaply, speech normalisation reads numbers, dates, money and units.

Run from the repository root (a few seconds):

    .venv/bin/python benchmarks/normalisation.py                 # both sets, en and es
    .venv/bin/python benchmarks/normalisation.py --set nemo --lang es
    .venv/bin/python benchmarks/normalisation.py --synthesis kokoro   # + cost against a voice
    /work/venvs/nemo/bin/python benchmarks/normalisation.py --engine nemo   # NeMo, to compare
    .venv/bin/python benchmarks/normalisation.py --lang en --words number_and=and cents_joiner=

Two sets (``tests/data/normalisation``): NeMo's public test cases for the eight classes a
report needs (cardinal, date, decimal, fraction, measure, money, ordinal, time) and the
project's own policy-report cases. For each language and class it prints the exact-match rate
after folding case, punctuation and hyphens (``casebook.fold``), then every case still missed
(written, said, wanted), then the cost per sentence in ms. ``--synthesis`` also normalises a
long report (the policy sentences ``--times`` over), speaks ``--sample`` of its sentences
with a real voice, and prints what normalisation adds to the time the build spends speaking
them (the budget is 5 %). ``--engine nemo`` runs NeMo text
processing instead (installed in its own virtualenv; grammars cached in ``--nemo-cache``);
``--engine nemo-hybrid`` puts our word rules around it, as the issue's second candidate.
``--json FILE`` writes the figures for later comparison. ``--words`` lays entries over the
lexicon's [words] table, as a report's pronunciations file could: ``number_and=and
cents_joiner=`` is the British style of NeMo's English cases ("one hundred and five",
"twenty dollars fifty cents").
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.speech.normalise.casebook import (  # noqa: E402
    NEMO_CLASSES,
    Case,
    matches,
    nemo_cases,
    policy_cases,
)

DATA = ROOT / "tests" / "data" / "normalisation"
Reader = Callable[[str], str]


def cases_of(set_name: str, language: str) -> list[Case]:
    """Return the cases of one set ("nemo" or "policy") in ``language``."""
    if set_name == "nemo":
        return nemo_cases(DATA / "nemo", language)
    return policy_cases(DATA / f"policy_{language}.tsv", language)


def our_reader(language: str, words: dict[str, str] | None = None) -> Reader:
    """Return the project's normaliser for ``language`` (built-in lexicon, ``words`` laid over
    its [words] table: a style a report could choose in its pronunciations file)."""
    from dataclasses import replace

    from pipeline.speech.normalise import load_lexicon, normalise_for_speech

    lexicon = load_lexicon(language)
    if words:
        lexicon = replace(lexicon, words={**lexicon.words, **words})
    return lambda text: normalise_for_speech(text, language, lexicon)


def nemo_reader(language: str, cache: Path, hybrid: bool = False) -> Reader:
    """Return NeMo's deterministic normaliser for ``language`` (compiles grammars once).

    ``hybrid`` is the other candidate of the issue: our word rules before NeMo (a report's
    pronunciations, web addresses, abbreviations) and after it (initialisms, symbols, pauses).
    """
    from nemo_text_processing.text_normalization.normalize import Normalizer

    from pipeline.speech import normalise as sn

    normalizer = Normalizer(
        input_case="cased", lang=language, cache_dir=str(cache), overwrite_cache=False
    )

    def nemo(text: str) -> str:
        return normalizer.normalize(text, verbose=False, punct_post_process=True)

    if not hybrid:
        return nemo
    lexicon = sn.load_lexicon(language)
    before = (sn.apply_pronunciations, sn.speak_urls, sn.pause_for_ellipses)
    after = (
        sn.expand_abbreviations,
        sn.speak_initialisms,
        sn.speak_symbols,
        sn.pause_for_dashes,
        sn.drop_quotes,
        sn.pause_for_parentheses,
        sn.tidy_pauses,
        sn.collapse_whitespace,
    )

    def read(text: str) -> str:
        for rule in before:
            text = rule(text, lexicon)
        text = nemo(text)
        for rule in after:
            text = rule(text, lexicon)
        return text

    return read


def score(cases: list[Case], read: Reader) -> dict[str, object]:
    """Return per-class counts, the misses and the time spent reading ``cases``."""
    by_class: dict[str, list[int]] = {}
    loose: dict[str, int] = {}
    misses = []
    started = time.perf_counter()
    for case in cases:
        try:
            said = read(case.written)
        except Exception as error:  # a crash is a miss, and is shown as one
            said = f"<{type(error).__name__}: {error}>"
        hits = by_class.setdefault(case.kind, [0, 0])
        hits[1] += 1
        loose[case.kind] = loose.get(case.kind, 0) + matches(said, case, joiners_optional=True)
        if matches(said, case):
            hits[0] += 1
        else:
            misses.append(
                {"class": case.kind, "written": case.written, "said": said, "want": case.spoken}
            )
    elapsed = time.perf_counter() - started
    return {
        "classes": {
            kind: {"hit": h, "total": n, "hit_joiners_optional": loose[kind]}
            for kind, (h, n) in by_class.items()
        },
        "hit": sum(h for h, _ in by_class.values()),
        "hit_joiners_optional": sum(loose.values()),
        "total": len(cases),
        "ms_per_sentence": 1000 * elapsed / max(len(cases), 1),
        "misses": misses,
    }


def print_scores(set_name: str, language: str, result: dict[str, object]) -> None:
    classes = result["classes"]
    assert isinstance(classes, dict)
    order = [k for k in NEMO_CLASSES if k in classes] + sorted(set(classes) - set(NEMO_CLASSES))
    hit, total = result["hit"], result["total"]
    loose = result["hit_joiners_optional"]
    assert isinstance(hit, int) and isinstance(total, int) and isinstance(loose, int)
    print(
        f"\n== {set_name} / {language}: {hit}/{total} = {100 * hit / total:.1f}% exact"
        f" ({100 * loose / total:.1f}% with and/con optional before a number)"
    )
    for kind in order:
        counts = classes[kind]
        rate = 100 * counts["hit"] / counts["total"]
        loose_rate = 100 * counts["hit_joiners_optional"] / counts["total"]
        print(
            f"   {kind:<14} {counts['hit']:>4}/{counts['total']:<4} {rate:5.1f}%"
            f"   ({loose_rate:5.1f}%)"
        )
    print(f"   cost: {result['ms_per_sentence']:.2f} ms per sentence")


def print_misses(set_name: str, language: str, result: dict[str, object]) -> None:
    misses = result["misses"]
    assert isinstance(misses, list)
    if not misses:
        return
    print(f"\n-- misses, {set_name} / {language} ({len(misses)}):")
    for miss in misses:
        print(f"   [{miss['class']}] {miss['written']}")
        print(f"        said: {miss['said']}")
        print(f"        want: {' | '.join(miss['want'])}")


def build_share(language: str, engine: str, sample: int, times: int) -> dict[str, float]:
    """Return, in seconds, normalising a long report against speaking it with ``engine``.

    The report is every policy sentence ``times`` over (denser in numbers than any real
    report, so the worst case); all of it is normalised, ``sample`` sentences are spoken and
    the rest of the speaking is extrapolated per sentence.
    """
    from pipeline.speech import make_synthesizer
    from pipeline.speech.normalise import load_lexicon, normalise_for_speech

    lexicon = load_lexicon(language)
    sentences = [case.written for case in cases_of("policy", language)] * times
    started = time.perf_counter()
    spoken = [normalise_for_speech(s, language, lexicon) for s in sentences]
    normalising = time.perf_counter() - started
    voice = make_synthesizer(engine)
    name = voice.default_voice(language)
    voice.synthesize(spoken[0], language, name, 1.0)  # load the model outside the timing
    started = time.perf_counter()
    for text in spoken[:sample]:
        voice.synthesize(text, language, name, 1.0)
    per_sentence = (time.perf_counter() - started) / sample
    return {
        "sentences": len(spoken),
        "normalise_s": normalising,
        "synthesize_per_sentence_s": per_sentence,
        "synthesize_s": per_sentence * len(spoken),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=("ours", "nemo", "nemo-hybrid"), default="ours")
    parser.add_argument("--set", choices=("nemo", "policy", "both"), default="both")
    parser.add_argument("--lang", nargs="+", choices=("en", "es"), default=["en", "es"])
    parser.add_argument("--nemo-cache", type=Path, default=ROOT / ".models" / "nemo-tn")
    parser.add_argument("--synthesis", choices=("kokoro", "espeak"), help="also time a voice")
    parser.add_argument("--sample", type=int, default=12, help="sentences spoken (--synthesis)")
    parser.add_argument("--times", type=int, default=4, help="copies of the policy sentences")
    parser.add_argument("--quiet", action="store_true", help="do not list the misses")
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument(
        "--words",
        nargs="*",
        default=[],
        metavar="KEY=VALUE",
        help="override lexicon words, e.g. number_and=and cents_joiner= (NeMo's style)",
    )
    args = parser.parse_args()

    sets = ("nemo", "policy") if args.set == "both" else (args.set,)
    report: dict[str, object] = {"engine": args.engine}
    for language in args.lang:
        started = time.perf_counter()
        if args.engine.startswith("nemo"):
            read = nemo_reader(language, args.nemo_cache, hybrid=args.engine == "nemo-hybrid")
        else:
            overrides = dict(item.split("=", 1) for item in args.words)
            read = our_reader(language, overrides)
        read("1")  # the first call compiles what it needs
        report[f"setup_s/{language}"] = time.perf_counter() - started
        print(f"\n{args.engine} / {language}: ready in {report[f'setup_s/{language}']:.2f} s")
        for set_name in sets:
            result = score(cases_of(set_name, language), read)
            report[f"{set_name}/{language}"] = result
            print_scores(set_name, language, result)
            if not args.quiet:
                print_misses(set_name, language, result)
        if args.synthesis:
            share = build_share(language, args.synthesis, args.sample, args.times)
            share["first_call_s"] = float(report[f"setup_s/{language}"])  # type: ignore[arg-type]
            report[f"synthesis/{language}"] = share
            spent = share["normalise_s"] + share["first_call_s"]
            print(
                f"\n== cost in a build / {language}: normalising {share['sentences']:.0f} "
                f"sentences took {spent:.2f} s (first call included); speaking them with "
                f"{args.synthesis} takes about {share['synthesize_s']:.0f} s "
                f"({share['synthesize_per_sentence_s']:.2f} s a sentence, measured on "
                f"{args.sample}): normalisation adds {100 * spent / share['synthesize_s']:.3f}% "
                f"(budget 5%)"
            )
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
