"""A C2PA manifest definition (Content Credentials) from a disclosure: pure data, no signing.

The manifest says the audio was created (``c2pa.created``) as trained algorithmic media by
the speech engine (the action's ``softwareAgent``) with a given voice, in a language, from
text in a given translation state; the source report is an ingredient (``inputTo``: an
input to the generation). The C2PA library takes a text/markdown ingredient only by name and
format (it hashes only media it can parse), so the report's sha256 is recorded in the
ingredient's metadata and again in our own disclosure assertion, the same JSON record as the
file's tags.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import AudioError
from pipeline.provenance.disclosure import TRAINED_ALGORITHMIC_MEDIA, Disclosure

# Our own assertion. C2PA asks entity-specific labels to start with the entity's reverse
# domain name; the project has none yet, so the label is the tool's name.
DISCLOSURE_LABEL = "pipeline.disclosure"
SOURCE_HASH_KEY = "pipeline.sha256"  # in the ingredient's metadata

# The audio containers the C2PA library signs, by published suffix (checked against
# c2pa.Builder.get_supported_mime_types() in the tests).
AUDIO_MIME = {".mp3": "audio/mpeg", ".m4b": "audio/mp4", ".m4a": "audio/mp4"}


def mime_for(path: Path) -> str:
    """The MIME type the C2PA library signs a published audio file as; AudioError otherwise."""
    try:
        return AUDIO_MIME[path.suffix.lower()]
    except KeyError:
        raise AudioError(
            f"{path}: Content Credentials are signed into .mp3 and .m4b files only"
        ) from None


def _source_format(name: str) -> str:
    return "text/markdown" if name.lower().endswith((".md", ".markdown")) else "text/plain"


@dataclass(frozen=True)
class Manifest:
    """What one published file's Content Credentials state."""

    title: str  # the published file's name (not the temp file it is signed as)
    mime: str
    disclosure: Disclosure

    def definition(self) -> dict:
        """The manifest definition c2pa.Builder takes."""
        disclosure = self.disclosure
        record = disclosure.record()
        return {
            "claim_generator_info": [{"name": disclosure.tool, "version": disclosure.tool_version}],
            "title": self.title,
            "format": self.mime,
            "ingredients": [
                {
                    "title": disclosure.source_name,
                    "format": _source_format(disclosure.source_name),
                    "relationship": "inputTo",
                    "metadata": {SOURCE_HASH_KEY: disclosure.source_sha256},
                }
            ],
            "assertions": [
                {
                    "label": "c2pa.actions.v2",
                    "data": {
                        "actions": [
                            {
                                "action": "c2pa.created",
                                "digitalSourceType": TRAINED_ALGORITHMIC_MEDIA,
                                "softwareAgent": {
                                    "name": disclosure.engine,
                                    "version": disclosure.engine_version,
                                },
                                "description": disclosure.comment_line("en"),
                                "parameters": {
                                    "voice": disclosure.voice,
                                    "language": disclosure.language,
                                    "translation": record["translation"],
                                },
                            }
                        ]
                    },
                },
                {"label": DISCLOSURE_LABEL, "data": record},
            ],
        }


def manifest_for(published: Path, disclosure: Disclosure) -> Manifest:
    """The manifest of the file that will be published at ``published``."""
    return Manifest(published.name, mime_for(published), disclosure)
