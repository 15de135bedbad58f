"""What a listener and a machine are told about how a file was made, and its renderings.

One record of facts (the synthetic voice, the narration's language, whether its text is an
original, a reviewed translation or machine translation pending review, the source report's
hash, the tool) rendered as compact JSON for tags and manifests, as one readable comment line
in the narration's language, and as fields a web page, an EPUB or a feed can carry.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from pipeline import __version__

# IPTC's code for media made by a model trained on sampled content (a neural voice), the
# value C2PA's ``digitalSourceType`` and schema.org's ``digitalSourceType`` expect.
TRAINED_ALGORITHMIC_MEDIA = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"
SCHEMA_ORG_TRAINED = "https://schema.org/TrainedAlgorithmicMediaDigitalSource"

# Translation states, as the record and the manifest spell them.
ORIGINAL = "original"
REVIEWED = "human-reviewed"
PENDING = "machine translation, pending review"

RECORD_VERSION = 1  # bump when the JSON record changes shape


@dataclass(frozen=True)
class Translation:
    """Whether the narrated text is the original or a translation, and how far reviewed."""

    state: str = ORIGINAL
    source_language: str = ""  # the language translated from ("en")
    translator: str = ""  # the machine translation engine ("apertium")
    blocks: int = 0  # blocks of the edition
    unreviewed: int = 0  # of them, machine translation no person has reviewed yet

    @classmethod
    def of(cls, blocks: int, unreviewed: int, translator: str, source_language: str) -> Translation:
        """A translated edition's state: pending review while any block is unreviewed."""
        state = PENDING if unreviewed else REVIEWED
        return cls(state, source_language, translator, blocks, unreviewed)

    def record(self) -> dict:
        if self.state == ORIGINAL:
            return {"state": ORIGINAL}
        return {
            "state": self.state,
            "from": self.source_language,
            "engine": self.translator,
            "blocks": self.blocks,
            "unreviewed_blocks": self.unreviewed,
        }


@dataclass(frozen=True)
class Disclosure:
    """The facts every published file of one language discloses."""

    language: str  # the narration's language ("es")
    engine: str  # the speech engine ("kokoro")
    engine_version: str
    voice: str  # the engine's voice ("ef_dora")
    source_name: str  # the report's file name ("report.md")
    source_sha256: str  # hex digest of the report's bytes
    translation: Translation = Translation()
    tool: str = "pipeline"
    tool_version: str = __version__

    def record(self) -> dict:
        """The facts as plain JSON values (the TXXX frame, the MP4 atom, the manifest)."""
        return {
            "v": RECORD_VERSION,
            "digital_source_type": TRAINED_ALGORITHMIC_MEDIA,
            "synthetic_voice": {
                "engine": self.engine,
                "version": self.engine_version,
                "voice": self.voice,
            },
            "language": self.language,
            "translation": self.translation.record(),
            "source": {"name": self.source_name, "sha256": self.source_sha256},
            "tool": {"name": self.tool, "version": self.tool_version},
        }

    def as_json(self) -> str:
        """The record as compact JSON, keys sorted: the same facts give the same bytes."""
        return json.dumps(self.record(), sort_keys=True, separators=(",", ":"), ensure_ascii=False)

    def identity(self) -> dict:
        """Everything that changes what a file says, for content keys."""
        return asdict(self)

    def comment_line(self, language: str | None = None) -> str:
        """One sentence a listener reads in a player's comment field (the narration's
        language unless told; English where we have no wording)."""
        words = _WORDING.get(language or self.language, _WORDING["en"])
        line = words["voice"].format(engine=self.engine, voice=self.voice)
        translation = self.translation
        if translation.state == PENDING:
            line += " " + words["pending"].format(
                unreviewed=translation.unreviewed, blocks=translation.blocks
            )
        elif translation.state == REVIEWED:
            line += " " + words["reviewed"].format(translator=translation.translator)
        return line


_WORDING = {
    "en": {
        "voice": "Narrated by a synthetic voice ({engine}, voice {voice}).",
        "pending": "Machine translation pending review ({unreviewed} of {blocks} blocks).",
        "reviewed": "Machine translation ({translator}) reviewed by a person.",
    },
    "es": {
        "voice": "Narrado con voz sintética ({engine}, voz {voice}).",
        "pending": (
            "Traducción automática pendiente de revisión ({unreviewed} de {blocks} bloques)."
        ),
        "reviewed": "Traducción automática ({translator}) revisada por una persona.",
    },
}


def source_digest(path: Path) -> str:
    """The sha256 of a file's bytes, in hex."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def web_fields(disclosure: Disclosure) -> dict:
    """Fields the web page, EPUB and feed formats embed, each in its own vocabulary.

    - ``text`` and ``json``: the comment line and the JSON record, to place anywhere;
    - ``meta``: ``<meta name=… content=…>`` pairs for an HTML head (or EPUB XHTML);
    - ``schema_org``: properties to merge into a JSON-LD ``AudioObject`` or ``Book`` node;
    - ``opf_meta``: ``<meta property=…>`` values for an EPUB package document (``schema:``
      is one of EPUB 3's reserved prefixes);
    - ``podcast_txt``: the ``purpose`` attribute and text of a ``<podcast:txt>`` element.
    """
    text = disclosure.comment_line()
    return {
        "text": text,
        "json": disclosure.as_json(),
        "meta": {
            "ai-disclosure": text,
            "ai-disclosure-json": disclosure.as_json(),
            "digital-source-type": TRAINED_ALGORITHMIC_MEDIA,
        },
        "schema_org": {"digitalSourceType": SCHEMA_ORG_TRAINED, "inLanguage": disclosure.language},
        "opf_meta": {"schema:digitalSourceType": SCHEMA_ORG_TRAINED},
        "podcast_txt": {"purpose": "ai-disclosure", "text": text},
    }
