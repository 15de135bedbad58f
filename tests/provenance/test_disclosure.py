"""The disclosure record and its renderings: pure functions of the facts."""

from __future__ import annotations

import json
import subprocess
from dataclasses import replace
from pathlib import Path

from pipeline.provenance.disclosure import (
    ORIGINAL,
    PENDING,
    REVIEWED,
    SCHEMA_ORG_TRAINED,
    TRAINED_ALGORITHMIC_MEDIA,
    Disclosure,
    Translation,
    source_digest,
    web_fields,
)

SPANISH = Disclosure(
    language="es",
    engine="kokoro",
    engine_version="1.0",
    voice="ef_dora",
    source_name="gao-report.md",
    source_sha256="ab" * 32,
    translation=Translation.of(
        blocks=40, unreviewed=12, translator="apertium", source_language="en"
    ),
)
ENGLISH = Disclosure("en", "kokoro", "1.0", "af_heart", "gao-report.md", "ab" * 32)


def test_the_translation_state_follows_the_unreviewed_blocks() -> None:
    assert Translation().state == ORIGINAL
    assert Translation.of(40, 12, "apertium", "en").state == PENDING
    assert Translation.of(40, 0, "apertium", "en").state == REVIEWED


def test_the_record_states_the_voice_translation_and_source() -> None:
    record = SPANISH.record()
    assert record["digital_source_type"] == TRAINED_ALGORITHMIC_MEDIA
    assert record["synthetic_voice"] == {"engine": "kokoro", "version": "1.0", "voice": "ef_dora"}
    assert record["language"] == "es"
    assert record["translation"] == {
        "state": PENDING,
        "from": "en",
        "engine": "apertium",
        "blocks": 40,
        "unreviewed_blocks": 12,
    }
    assert record["source"] == {"name": "gao-report.md", "sha256": "ab" * 32}
    assert record["tool"]["name"] == "pipeline"
    assert ENGLISH.record()["translation"] == {"state": ORIGINAL}


def test_the_json_is_compact_and_the_same_for_the_same_facts() -> None:
    text = SPANISH.as_json()
    assert json.loads(text) == SPANISH.record()
    assert "\n" not in text and '": ' not in text and '", "' not in text
    assert text == replace(SPANISH).as_json()


def test_the_comment_line_speaks_the_narrations_language() -> None:
    assert SPANISH.comment_line() == (
        "Narrado con voz sintética (kokoro, voz ef_dora). Traducción automática pendiente de "
        "revisión (12 de 40 bloques)."
    )
    reviewed = replace(SPANISH, translation=Translation.of(40, 0, "apertium", "en"))
    assert "revisada por una persona" in reviewed.comment_line()
    assert "pendiente" not in reviewed.comment_line()
    assert ENGLISH.comment_line() == "Narrated by a synthetic voice (kokoro, voice af_heart)."
    assert SPANISH.comment_line("en").startswith("Narrated by a synthetic voice")
    # No wording for the language: English.
    assert replace(ENGLISH, language="fr").comment_line() == ENGLISH.comment_line()


def test_a_change_of_translation_state_changes_the_identity() -> None:
    reviewed = replace(SPANISH, translation=Translation.of(40, 0, "apertium", "en"))
    assert SPANISH.identity() != reviewed.identity()
    assert SPANISH.identity() == replace(SPANISH).identity()


def test_web_fields_give_each_vocabulary_its_own_spelling() -> None:
    fields = web_fields(SPANISH)
    assert fields["text"] == SPANISH.comment_line()
    assert json.loads(fields["json"]) == SPANISH.record()
    assert fields["meta"]["digital-source-type"] == TRAINED_ALGORITHMIC_MEDIA
    assert json.loads(fields["meta"]["ai-disclosure-json"]) == SPANISH.record()
    assert fields["schema_org"] == {"digitalSourceType": SCHEMA_ORG_TRAINED, "inLanguage": "es"}
    assert fields["opf_meta"] == {"schema:digitalSourceType": SCHEMA_ORG_TRAINED}
    assert fields["podcast_txt"]["purpose"] == "ai-disclosure"


def test_the_source_digest_is_what_sha256sum_prints(tmp_path: Path) -> None:
    report = tmp_path / "report.md"
    report.write_bytes(b"# Title\n\n" + "Una línea.\n".encode() * 200_000)  # several chunks
    printed = subprocess.run(["sha256sum", str(report)], capture_output=True, text=True, check=True)
    assert source_digest(report) == printed.stdout.split()[0]
