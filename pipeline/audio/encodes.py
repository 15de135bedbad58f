"""Section MP3s encoded while their level is metered, handed to the MP3 format once the
book's level is decided.

Deciding a book's level meters its changed sections through the level chain it tries (an
edit: the chain the book was published at; a fresh book: the chain its stitched loudness
calls for), and that chain is nearly always the one the sections are then encoded at. So the
metering pass encodes too: one ffmpeg reads the section, resamples and limits it once, and
both meters and encodes it. The MP3 waits in the store under the section, the filter and the
profile; publishing the section takes it instead of encoding again. One whose chain was not
chosen (a book whose level moved) is never taken, and ``pipeline cache gc`` removes it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from pipeline import atomic
from pipeline.audio import loudness
from pipeline.audio.ffmpeg import run_ffmpeg
from pipeline.audio.profiles import OutputProfile, room_tone_filter, through
from pipeline.audio.stitch import MP3_CONTAINER_OPTIONS, encode_mp3
from pipeline.store import Store, content_key

KIND = "encodes"
VERSION = 1  # bumped when an encode made here would differ from ``encode_mp3``'s


def _path(store: Store, section_key: str, audio_filter: str, profile: OutputProfile) -> Path:
    key = content_key("encoded-ahead", VERSION, section_key, audio_filter, profile.identity())
    return store.path(KIND, key, ".mp3")


def encode_and_meter(
    store: Store, section_key: str, wav: Path, audio_filter: str, profile: OutputProfile
) -> loudness.SectionBlocks:
    """Meter ``wav`` through ``audio_filter`` (a level chain ``through`` the profile's rate)
    as ``loudness.measure_blocks`` does, without the true peak, and encode it at that filter
    as ``encode_mp3`` would, into the store."""
    room_tone = room_tone_filter(profile)
    encoded = "[encoding]" if room_tone is None else "[encoded]"
    with loudness.printed_blocks() as printed:
        graph = (
            f"[0:a]{audio_filter},asplit=2[metering][encoding];"
            f"[metering]{loudness.meter_chain(printed, true_peak=False)}[metered]"
        )
        if room_tone is not None:
            graph += f";[encoding]{room_tone}{encoded}"
        with atomic.atomic_path(_path(store, section_key, audio_filter, profile), "encode") as temp:
            report = run_ffmpeg(
                ["-nostats", "-i", str(wav), "-filter_complex", graph,
                 "-map", "[metered]", "-f", "null", "-",
                 "-map", encoded, *profile.encoder_options(), *MP3_CONTAINER_OPTIONS, str(temp)]
            )  # fmt: skip
        text = Path(printed).read_text(encoding="utf-8")
    return loudness.read_meters(report, text, wav, true_peak=False).blocks


def encoded_ahead(
    store: Store, section_key: str, level_chain: str, profile: OutputProfile
) -> Path | None:
    """The section's MP3 encoded while its level was metered through ``level_chain``, if it
    waits in the store (not yet published)."""
    path = _path(store, section_key, through(profile, level_chain), profile)
    return path if path.is_file() else None


def encode_section(
    store: Store,
    section_key: str,
    wav: Path,
    target: Path,
    level_chain: str,
    profile: OutputProfile,
) -> None:
    """Put the section's MP3 at ``target``: the one encoded while its level was metered
    through ``level_chain``, else one encoded now."""
    ahead = _path(store, section_key, through(profile, level_chain), profile)
    try:
        # Copied, not moved: the audio gate may be reading it (``measure_ahead``), and the
        # tags are then written into ``target`` in place, which would shift the frames under
        # that reader. The copy is a file of its own; the reader keeps the one unlinked.
        shutil.copyfile(ahead, target)
    except FileNotFoundError:
        encode_mp3(wav, target, level_chain, profile)
        return
    ahead.unlink(missing_ok=True)
