"""No section loses text: a long, punctuation-heavy paragraph reaches the voice whole."""

import wave

import pytest

from pipeline.audio.stitch import _spoken_part
from pipeline.build import build
from pipeline.config import BuildOptions
from pipeline.parsing import inline_plain_text, load_document
from pipeline.prepare import prepare
from pipeline.segment import split_sentences
from pipeline.speech.normalise import load_lexicon, normalise_for_speech
from pipeline.speech.script import Pause, Utterance, script_key
from pipeline.store import Store

PARAGRAPH = (
    "In 2019–2020 the U.S.-Mexico border (some 3,145 km; see §4) saw $800 billion in trade — "
    "up 3.7% — while officials, e.g. Dr. Ruiz & the USMF, met 21 times… “Progress,” they said; "
    "others disagreed: costs/benefits, inspections (joint, binational, at 15 crossings), "
    "wait times, staffing, and the 10th round of talks, which, after long delays, postponed "
    "decisions on customs, on cargo, on labor, on security, on infrastructure, on migration, "
    "on water, on energy, on health, on education, on culture, and on the environment, until "
    "the next cabinet meeting, scheduled, tentatively, for the spring of 2021, in Washington, "
    "D.C., or in Mexico City, depending on travel rules, budgets, calendars and the weather."
)


@pytest.mark.slow
def test_every_word_reaches_the_engine_and_the_clips_add_up(tmp_path):
    source = tmp_path / "source" / "dense.md"
    source.parent.mkdir()
    source.write_text(f"# Dense\n\n{PARAGRAPH}\n", encoding="utf-8")
    options = BuildOptions(
        tts="espeak",
        tts_options={"max_chars": 120},
        languages=("en",),
        out_dir=tmp_path / "out",
        cache_dir=tmp_path / "c",
    )
    build(source, options)

    store = Store(options.store_dir)
    english = load_document(source)
    [language] = prepare(english, source, options, store, dry_run=True).languages
    script = language.scripts[0]
    sent = " ".join(s.speech for s in script if isinstance(s, Utterance)).split()
    lexicon = load_lexicon("en", source.parent)
    meant = []
    for block in english.blocks:
        for sentence in split_sentences(inline_plain_text(block.text), "en"):
            meant += normalise_for_speech(sentence, "en", lexicon).split()
    assert sent == meant
    assert len(sent) > 120
    # The long sentence went to the voice in clauses under the limit, never cut mid-word.
    pieces = [s.speech for s in script if isinstance(s, Utterance)]
    assert len(pieces) > 6 and max(len(p) for p in pieces) <= 120

    # Every utterance has its clip, and the section is exactly clips plus pauses.
    frames = 0
    for step in script:
        if isinstance(step, Pause):
            frames += round(step.ms * 24_000 / 1000)
        else:
            assert store.has_wav("clips", step.key)
            frames += len(_spoken_part(store.path("clips", step.key, ".wav"))) // 2
    with wave.open(str(store.path("sections", script_key(script), ".wav"))) as section:
        assert section.getnframes() == frames
