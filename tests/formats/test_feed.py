"""Podcast feeds: one episode per book, read back by two parsers, stable across rebuilds."""

from __future__ import annotations

import io
import itertools
import json
import logging
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import feedparser
import podcastparser
import pytest
from click.testing import CliRunner
from mutagen.id3 import ID3

from pipeline.audio.ffmpeg import probe_duration
from pipeline.build import build
from pipeline.config import BuildOptions
from pipeline.errors import ConfigError
from pipeline.formats.feed import MAX_DESCRIPTION, Feed, episode_notes
from pipeline.formats.feed_check import FeedInvalid, check_feed
from pipeline.formats.feed_render import PODCAST_NS, Episode, feed_xml, podcast_guid
from pipeline.parsing import parse_markdown
from pipeline.publish.publication import Publication
from pipeline.settings import load_defaults
from pipeline.store import Store

# Adapted from a Congressional Budget Office summary (U.S. government work, public domain).
HIGHWAYS = """\
# The Highway Trust Fund and Federal Surface Transportation

The Highway Trust Fund pays for most federal spending on highways and mass transit. Its \
revenues come mainly from taxes on gasoline and diesel fuel.

## Spending and Revenues

Spending from the fund has exceeded its revenues since 2008. Lawmakers have transferred money \
from the general fund to keep it solvent.

## Options

Congress could raise fuel taxes, reduce spending, or find new sources of revenue:

- Tax vehicles by the miles they travel.
- Index fuel taxes to inflation.
"""
BASE = "https://example.org/reports/"
FOLDER = "https://example.org/reports/highways"


@pytest.fixture(scope="module")
def built(tmp_path_factory):  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("feed")
    source = root / "source" / "highways.md"
    source.parent.mkdir()
    source.write_text(HIGHWAYS, encoding="utf-8")
    options = BuildOptions(
        tts="espeak",
        out_dir=root / "output",
        cache_dir=root / "cache",
        author="Congressional Budget Office",
        publisher="Congressional Budget Office",
        year="2021",
        formats=frozenset({"feed"}),
        base_url=BASE,
    )
    build(source, options)
    return source, options, options.out_dir / "highways"


def _read(out, language):  # type: ignore[no-untyped-def]
    data = (out / f"feed.{language}.xml").read_bytes()
    url = f"{FOLDER}/feed.{language}.xml"
    return feedparser.parse(data), podcastparser.parse(url, io.BytesIO(data))


def test_podcast_guid_follows_the_spec_vectors():
    # Podcasting 2.0 namespace, docs/tags/guid.md.
    assert podcast_guid("https://mp3s.nashownotes.com/pc20rss.xml") == (
        "917393e3-1b1e-5cef-ace4-edaa54e1f810"
    )
    assert podcast_guid("podnews.net/rss////") == "9b024349-ccf0-5f69-a609-6b82873eab3c"


PENDING_ES = (
    "Narrado con voz sintética (espeak, voz es-419). "
    "Traducción automática pendiente de revisión (4 de 9 bloques)."
)


def _episode(**fields: object) -> Episode:
    values: dict = {
        "feed_url": f"{FOLDER}/feed.es.xml",
        "site_url": f"{FOLDER}/",
        "title": "El Fondo Fiduciario de Carreteras",
        "description": "El fondo paga casi todo el gasto federal en carreteras & tránsito.",
        "notes": "El fondo paga casi todo el gasto federal en carreteras & tránsito.\n\n"
        + PENDING_ES,
        "language": "es",
        "author": "Congressional Budget Office",
        "owner": "Congressional Budget Office",
        "image_url": f"{FOLDER}/highways.es.cover.jpg",
        "guid": "urn:uuid:5b4c1d52-8f3c-5d0e-9d43-0c2f5f7f6a11",
        "published": datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC),
        "audio_url": f"{FOLDER}/highways.es.mp3",
        "audio_bytes": 1_234_567,
        "duration_s": 95,
        "chapters_url": f"{FOLDER}/highways.es.chapters.json",
        "transcript_url": f"{FOLDER}/highways.es.vtt",
        "disclosure": PENDING_ES,
    }
    values.update(fields)
    return Episode(**values)


def _disclosures(data: bytes) -> dict[str, tuple[str | None, str | None]]:
    """Each ``<podcast:txt>``'s purpose and text, by its parent (channel or item)."""
    from lxml import etree

    root = etree.fromstring(data)
    found = {}
    for parent in ("channel", "channel/item"):
        (element,) = root.findall(f"{parent}/{{{PODCAST_NS}}}txt")
        found[parent.split("/")[-1]] = (element.get("purpose"), element.text)
    return found


def test_the_channel_and_the_episode_disclose_the_synthetic_voice_and_the_notes_say_it():
    episode = _episode()
    data = feed_xml(episode)
    check_feed(data, episode, Path("feed.es.xml"))  # both parsers read it back
    assert _disclosures(data) == {
        "channel": ("ai-disclosure", PENDING_ES),
        "item": ("ai-disclosure", PENDING_ES),
    }
    parsed = feedparser.parse(data)
    assert parsed.feed.subtitle == episode.description  # the show's text, as it was
    assert parsed.entries[0].summary.endswith("\n\n" + PENDING_ES)


def test_the_check_refuses_a_feed_whose_notes_leave_the_disclosure_out():
    quiet = feed_xml(_episode(notes="El fondo paga casi todo."))
    with pytest.raises(FeedInvalid, match=r"feed\.es\.xml: .*notes' last line"):
        check_feed(quiet, _episode(), Path("feed.es.xml"))


def test_a_long_first_paragraph_is_cut_so_the_disclosure_stays_whole():
    words = " ".join(["Revenue"] * 1000) + "."
    document = parse_markdown(f"# Highways\n\n{words}\n", "highways")
    publication = SimpleNamespace(editions={"en": SimpleNamespace(document=document)})
    notes = episode_notes(publication, "en", "Narrated by a synthetic voice.")  # type: ignore[arg-type]
    assert notes.endswith("…\n\nNarrated by a synthetic voice.")
    assert len(notes) <= MAX_DESCRIPTION + 1


def test_base_url_is_a_project_setting(tmp_path):
    settings = tmp_path / "pipeline.toml"
    settings.write_text('[publish]\nbase_url = "https://example.org/r"\nformats = ["feed"]\n')
    assert load_defaults(settings) == {"base_url": "https://example.org/r", "formats": ["feed"]}


@pytest.mark.slow
def test_both_parsers_read_title_enclosure_chapters_and_transcript(built):
    _, _, out = built
    for language in ("en", "es"):
        first, second = _read(out, language)
        book = out / f"highways.{language}.mp3"
        size = book.stat().st_size
        title = first.feed.title
        assert title and title == second["title"]
        assert first.feed.language == second["language"] == language

        entry, episode = first.entries[0], second["episodes"][0]
        assert len(first.entries) == len(second["episodes"]) == 1
        assert entry.title == episode["title"] == title
        enclosure = entry.enclosures[0]
        assert (enclosure.href, int(enclosure.length), enclosure.type) == (
            f"{FOLDER}/{book.name}",
            size,  # the enclosure's length is the file's size
            "audio/mpeg",
        )
        assert episode["enclosures"] == [
            {"url": f"{FOLDER}/{book.name}", "file_size": size, "mime_type": "audio/mpeg"}
        ]
        chapters = f"{FOLDER}/highways.{language}.chapters.json"
        assert entry.podcast_chapters["url"] == episode["chapters_json_url"] == chapters
        assert entry.podcast_chapters["type"] == "application/json+chapters"
        transcript = f"{FOLDER}/highways.{language}.vtt"
        assert entry.podcast_transcript["url"] == episode["transcript_url"] == transcript
        assert entry.podcast_transcript["type"] == "text/vtt"
        assert (out / f"highways.{language}.vtt").exists()
        assert episode["total_time"] == round(probe_duration(book))


@pytest.mark.slow
def test_the_feed_has_what_apple_podcasts_requires(built):
    _, options, out = built
    for language in ("en", "es"):
        first, second = _read(out, language)
        channel = first.feed
        assert channel.subtitle and second["description"] == channel.subtitle
        image = f"{FOLDER}/highways.{language}.cover.jpg"
        assert channel.image.href == second["cover_url"] == image
        assert [t.term for t in channel.tags] == ["Government"]
        assert second["itunes_categories"] == [["Government"]]
        assert second["explicit"] is False and "itunes_explicit" in channel
        assert channel.author == options.author
        assert second["itunes_owner"] == {"name": options.publisher}
        assert first.entries[0].id == second["episodes"][0]["guid"]
        assert first.entries[0].published_parsed and second["episodes"][0]["published"]
        assert not first.bozo
        # The artwork beside the feed is the cover the book carries.
        apic = ID3(out / f"highways.{language}.mp3").getall("APIC")[0].data
        assert (out / f"highways.{language}.cover.jpg").read_bytes() == apic


@pytest.mark.slow
def test_each_feed_discloses_what_its_book_discloses(built):
    _, _, out = built
    lines = {
        "en": "Narrated by a synthetic voice (espeak, voice en-us).",
        # No translation memory beside the report: every Spanish block is machine-made.
        "es": "Narrado con voz sintética (espeak, voz es-419). "
        "Traducción automática pendiente de revisión (8 de 8 bloques).",
    }
    for language, line in lines.items():
        data = (out / f"feed.{language}.xml").read_bytes()
        assert _disclosures(data) == {
            "channel": ("ai-disclosure", line),
            "item": ("ai-disclosure", line),
        }
        first, second = _read(out, language)
        assert first.entries[0].summary.endswith("\n\n" + line)
        assert second["episodes"][0]["description"].endswith("\n\n" + line)
        # The same sentence the book's comment ends with.
        comment = ID3(out / f"highways.{language}.mp3").getall("COMM")[0].text[0]
        assert comment.splitlines()[-1] == line


@pytest.mark.slow
def test_the_chapters_file_lists_the_book_chapters(built):
    _, _, out = built
    for language in ("en", "es"):
        chapters = json.loads((out / f"highways.{language}.chapters.json").read_text("utf-8"))
        assert chapters["version"] == "1.2.0"
        found = chapters["chapters"]
        assert len(found) == 3 and found[0]["startTime"] == 0
        assert all(a["endTime"] == b["startTime"] for a, b in itertools.pairwise(found))
        book = probe_duration(out / f"highways.{language}.mp3")
        assert found[-1]["endTime"] == pytest.approx(book, abs=0.05)
        assert all(chapter["title"] for chapter in found)


@pytest.mark.slow
def test_guid_holds_across_a_no_op_rebuild_and_changes_with_the_audio(built, tmp_path):
    source, options, out = built
    published = [
        out / name
        for language in ("en", "es")
        for name in (
            f"feed.{language}.xml",
            f"highways.{language}.chapters.json",
            f"highways.{language}.cover.jpg",
        )
    ]
    guid = _read(out, "en")[0].entries[0].id
    before = [path.stat().st_mtime_ns for path in published]
    build(source, options)
    assert [path.stat().st_mtime_ns for path in published] == before  # nothing rewritten
    assert _read(out, "en")[0].entries[0].id == guid

    # Elsewhere, so the module's build stays as it was; the same cache.
    edited = tmp_path / "source" / "highways.md"
    edited.parent.mkdir()
    edited.write_text(HIGHWAYS.replace("since 2008", "since 2010"), encoding="utf-8")
    elsewhere = replace(options, out_dir=tmp_path / "output")
    build(edited, elsewhere)
    again = tmp_path / "output" / "highways"
    parsed = _read(again, "en")[0]
    assert parsed.entries[0].id != guid
    assert int(parsed.entries[0].enclosures[0].length) == (
        (again / "highways.en.mp3").stat().st_size
    )


@pytest.mark.slow
def test_without_a_base_url_only_the_feed_is_skipped_and_said_so(built, tmp_path, caplog):
    source, options, _ = built
    elsewhere = replace(options, out_dir=tmp_path / "output", base_url=None)
    with caplog.at_level(logging.WARNING):
        build(source, elsewhere)
    out = tmp_path / "output" / "highways"
    assert "feed: a podcast feed needs absolute links" in caplog.text
    assert "--base-url" in caplog.text
    assert not list(out.glob("feed.*")) and not list(out.glob("*.chapters.json"))
    assert (out / "highways.en.mp3").exists() and (out / "highways.es.vtt").exists()


def test_a_base_url_that_is_not_absolute_is_refused_before_any_work(tmp_path):
    options = BuildOptions(base_url="example.org/reports", out_dir=tmp_path, cache_dir=tmp_path)
    publication = Publication("x", tmp_path / "x.md", tmp_path, options, Store(tmp_path), {})
    with pytest.raises(ConfigError, match=r"'example\.org/reports' is not an absolute"):
        Feed().artifacts(publication)

    from pipeline.cli import main

    source = tmp_path / "x.md"
    source.write_text("# A title\n\nA sentence.\n", encoding="utf-8")
    done = CliRunner().invoke(main, ["build", str(source), "--base-url", "ftp://example.org"])
    assert done.exit_code == 2 and "is not an absolute http(s) URL" in done.output
    assert not (tmp_path / "output").exists()


@pytest.mark.slow
def test_without_an_author_or_publisher_only_the_feed_is_skipped(built, tmp_path, caplog):
    source, options, _ = built
    anonymous = replace(options, author="", publisher="", out_dir=tmp_path / "output")
    with caplog.at_level(logging.WARNING):
        build(source, anonymous)
    out = tmp_path / "output" / "highways"
    assert "the podcast feed needs an author or a publisher" in caplog.text
    assert not list(out.glob("feed.*"))
    assert (out / "highways.en.mp3").exists()
