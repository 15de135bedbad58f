"""A change of speech normalisation re-voices only the clips whose spoken text changed.

A clip's key holds the text sent to the voice (``pipeline.speech.script.clip_key``): a new
pronunciation or rule changes the keys of the sentences it changes, and of no other; the
same text gives the same keys, so a rebuild with nothing changed voices nothing.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.config import BuildOptions
from pipeline.parsing import parse_markdown
from pipeline.prepare import scripts_for
from pipeline.speech import make_synthesizer
from pipeline.speech.script import Utterance, VoiceChoice, clip_key

# Written for this test in the style of a GAO summary.
REPORT = """# Border Infrastructure

## What GAO Found

In FY2023, CBP spent $3.4 billion on 450 miles of barrier. The work began on Aug. 12, 2020.

About 2/3 of the projects were complete by March 31, 2021. Officials met at 9:30 a.m. each day.

## Why GAO Did This Study

The Act, Pub. L. 117-58, asked GAO to review the program. Call 555-013-4477 for copies.
"""

VOICE = VoiceChoice("espeak", "espeak-ng test", "en", "en-us", 1.0)


def utterances(lexicon_dir: Path | None) -> list[Utterance]:
    document = parse_markdown(REPORT, "border")
    scripts = scripts_for(document, VOICE, make_synthesizer("espeak"), BuildOptions(), lexicon_dir)
    return [step for script in scripts for step in script if isinstance(step, Utterance)]


def test_the_clip_key_holds_the_spoken_text() -> None:
    said = "fiscal year twenty twenty-three"
    assert clip_key(said, VOICE) == clip_key(said, VOICE)
    assert clip_key(said, VOICE) != clip_key("F Y two thousand twenty-three", VOICE)


def test_the_same_text_gives_the_same_keys(tmp_path: Path) -> None:
    # What a rebuild with no edit finds: every clip already made, nothing to voice.
    assert [u.key for u in utterances(tmp_path)] == [u.key for u in utterances(tmp_path)]


def test_a_new_pronunciation_re_voices_only_the_sentences_it_changes(tmp_path: Path) -> None:
    before = utterances(tmp_path)
    (tmp_path / "pronunciations.en.toml").write_text(
        '[spoken_as]\n"CBP" = "Customs and Border Protection"\n', encoding="utf-8"
    )
    after = utterances(tmp_path)
    assert [u.sentence for u in before] == [u.sentence for u in after]
    changed = [b.sentence for b, a in zip(before, after, strict=True) if b.key != a.key]
    assert changed == ["In FY2023, CBP spent $3.4 billion on 450 miles of barrier."]
    for old, new in zip(before, after, strict=True):
        # A key changes exactly when the spoken text does.
        assert (old.key != new.key) == (old.speech != new.speech)
    [changed_after] = [a for b, a in zip(before, after, strict=True) if b.key != a.key]
    assert "Customs and Border Protection" in changed_after.speech
    assert "fiscal year twenty twenty-three" in changed_after.speech


def test_every_sentence_reaches_the_voice_in_words() -> None:
    spoken = " ".join(u.speech for u in utterances(None))
    assert not any(character.isdigit() for character in spoken)
    assert "August twelfth, twenty twenty" in spoken
    assert "Public Law one seventeen fifty-eight" in spoken
