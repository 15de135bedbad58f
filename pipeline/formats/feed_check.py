"""A written feed read back by two independent parsers before it is published.

feedparser (the common Python reader) and podcastparser (gPodder's) must each find what
Apple Podcasts requires (channel: title, description, artwork, language, category, explicit;
episode: title and an enclosure with URL, length and type) and what this feed promises (the
episode's GUID, duration, chapters and transcript, notes that end with the disclosure of the
synthetic voice), with the values the build meant.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pipeline.errors import PipelineError
from pipeline.formats.feed_render import CATEGORY, DISCLOSURE_PURPOSE, Episode

SHOWN = 3  # problems quoted in the one-line error


class FeedInvalid(PipelineError):
    """A feed the build wrote does not read back as meant."""


def _mismatches(parser: str, found: dict[str, Any], meant: dict[str, Any]) -> Iterator[str]:
    for name, value in meant.items():
        if found.get(name) != value:
            yield f"{parser} reads {name} as {found.get(name)!r}, not {value!r}"


def _last_line(notes: str | None) -> str | None:
    # The parsers read a description as HTML (one strips tags, one rewrites them), so only
    # the line the build appends, plain text, is compared.
    return notes.strip().splitlines()[-1] if notes and notes.strip() else None


def feedparser_view(data: bytes) -> tuple[dict[str, Any], str | None]:
    """What feedparser reads from the feed, in the terms the check compares (and whether
    it found the XML broken)."""
    import feedparser

    parsed = feedparser.parse(data)
    channel = parsed.feed
    entry = parsed.entries[0] if len(parsed.entries) == 1 else {}
    enclosure = (entry.get("enclosures") or [{}])[0]
    view = {
        "title": channel.get("title"),
        "description": bool(channel.get("subtitle")),
        "image": channel.get("image", {}).get("href"),
        "language": channel.get("language"),
        "category": CATEGORY in [tag.get("term") for tag in channel.get("tags", [])],
        "explicit": "itunes_explicit" in channel,
        "episodes": len(parsed.entries),
        "episode title": entry.get("title"),
        "enclosure": (enclosure.get("href"), enclosure.get("length"), enclosure.get("type")),
        "guid": entry.get("id"),
        "duration": entry.get("itunes_duration"),
        "chapters": entry.get("podcast_chapters", {}).get("url"),
        "transcript": entry.get("podcast_transcript", {}).get("url"),
        "notes' last line": _last_line(entry.get("summary")),
        # feedparser keeps an unknown element's attributes, not its text.
        "disclosure purpose": (
            channel.get("podcast_txt", {}).get("purpose"),
            entry.get("podcast_txt", {}).get("purpose"),
        ),
    }
    return view, (str(parsed.bozo_exception) if parsed.bozo else None)


def podcastparser_view(data: bytes, url: str) -> dict[str, Any]:
    """What podcastparser reads from the feed, in the terms the check compares."""
    import podcastparser

    parsed = podcastparser.parse(url, io.BytesIO(data))
    episodes = parsed.get("episodes", [])
    episode = episodes[0] if len(episodes) == 1 else {}
    enclosure = (episode.get("enclosures") or [{}])[0]
    return {
        "title": parsed.get("title"),
        "description": bool(parsed.get("description")),
        "image": parsed.get("cover_url"),
        "language": parsed.get("language"),
        "category": [CATEGORY] in parsed.get("itunes_categories", []),
        "explicit": "explicit" in parsed,
        "episodes": len(episodes),
        "episode title": episode.get("title"),
        "enclosure": (enclosure.get("url"), enclosure.get("file_size"), enclosure.get("mime_type")),
        "guid": episode.get("guid"),
        "duration": episode.get("total_time"),
        "chapters": episode.get("chapters_json_url"),
        "transcript": episode.get("transcript_url"),
        "notes' last line": _last_line(episode.get("description")),
    }


def check_feed(data: bytes, episode: Episode, shown_as: Path) -> None:
    """Raise FeedInvalid, naming ``shown_as``, unless both parsers read ``episode`` back."""
    meant = {
        "title": episode.title,
        "description": True,
        "image": episode.image_url,
        "language": episode.language,
        "category": True,
        "explicit": True,
        "episodes": 1,
        "episode title": episode.title,
        "guid": episode.guid,
        "chapters": episode.chapters_url,
        "transcript": episode.transcript_url,
    }
    purpose = DISCLOSURE_PURPOSE if episode.disclosure else None
    if episode.disclosure:  # the episode's notes end with it
        meant["notes' last line"] = episode.disclosure
    seen, broken = feedparser_view(data)
    problems = [f"feedparser finds the XML broken: {broken}"] if broken else []
    problems += _mismatches(
        "feedparser",
        seen,
        meant
        | {
            "enclosure": (episode.audio_url, str(episode.audio_bytes), "audio/mpeg"),
            "duration": str(episode.duration_s),
            "disclosure purpose": (purpose, purpose),  # on the channel and the episode
        },
    )
    problems += _mismatches(
        "podcastparser",
        podcastparser_view(data, episode.feed_url),
        meant
        | {
            "enclosure": (episode.audio_url, episode.audio_bytes, "audio/mpeg"),
            "duration": episode.duration_s,
        },
    )
    if problems:
        raise FeedInvalid(f"{shown_as}: the feed does not read back: {'; '.join(problems[:SHOWN])}")
