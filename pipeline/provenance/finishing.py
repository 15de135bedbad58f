"""The one call a format's writer makes last: disclose in the tags, then sign (if configured).

A writer calls it on its temp file after every other write (audio, tags, chapters, cover),
just before the publish runner renames the file into place, so the signature covers all of
them.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.provenance.disclosure import Disclosure
from pipeline.provenance.manifest import manifest_for
from pipeline.provenance.signing import SigningConfig, sign_in_place
from pipeline.provenance.tagging import add_id3_disclosure, add_mp4_disclosure


def finish_audio_file(
    temp: Path, published: Path, disclosure: Disclosure, signing: SigningConfig | None
) -> None:
    """Add the disclosure to ``temp``'s tags, then sign it as the file to be published at
    ``published`` (its name and type), unless ``signing`` is None."""
    manifest = manifest_for(published, disclosure)  # AudioError for a type we cannot sign
    if manifest.mime == "audio/mpeg":
        add_id3_disclosure(temp, disclosure)
    else:
        add_mp4_disclosure(temp, disclosure)
    if signing is not None:
        sign_in_place(temp, manifest, signing)
