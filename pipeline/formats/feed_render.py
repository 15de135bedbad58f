"""A podcast feed as bytes: RSS 2.0 with Apple's iTunes tags and the Podcasting 2.0 tags,
one episode per book; and the episode's chapters in the Podcasting 2.0 JSON format.

feedgen writes the RSS and the iTunes tags; a small feedgen extension adds what it lacks:
the ``podcast:`` namespace (guid, chapters, transcripts, and the disclosure of the synthetic
voice as ``<podcast:txt purpose="ai-disclosure">`` on the channel and the episode),
``itunes:explicit`` as Apple now spells it ("false"; feedgen only knows "yes"/"no"/"clean")
and an owner without an e-mail.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime

from pipeline.audio.tags import Chapter

# The namespace's first URI, which the spec says clients must treat as identical to
# https://podcastindex.org/namespace/1.0; podcastparser (gPodder) knows only this one.
PODCAST_NS = "https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md"
ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"
# podcast:guid is a UUIDv5 of the feed's URL (scheme and trailing slashes removed) in this
# namespace, so any app can compute it from the URL.
PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
CHAPTERS_TYPE = "application/json+chapters"
# Apple's category for public policy; its list has no narrower one.
CATEGORY = "Government"
DISCLOSURE_PURPOSE = "ai-disclosure"  # podcast:txt's purpose for how the audio was made


@dataclass(frozen=True)
class Episode:
    """Everything one language's feed says, its URLs absolute."""

    feed_url: str
    site_url: str
    title: str
    description: str  # the show's
    notes: str  # the episode's: the show's description, then the disclosure
    language: str
    author: str
    owner: str
    image_url: str
    guid: str
    published: datetime  # UTC
    audio_url: str
    audio_bytes: int
    duration_s: int
    chapters_url: str
    transcript_url: str  # the WebVTT transcript, one cue per sentence
    disclosure: str  # the synthetic voice (and translation), in the feed's language


def podcast_guid(feed_url: str) -> str:
    """The channel's podcast:guid, as the Podcasting 2.0 spec derives it from its URL."""
    bare = feed_url.split("://", 1)[-1].rstrip("/")
    return str(uuid.uuid5(PODCAST_GUID_NAMESPACE, bare))


def chapters_json(title: str, author: str, chapters: list[Chapter]) -> str:
    """The episode's chapters in the Podcasting 2.0 JSON chapters format (version 1.2.0)."""
    document = {
        "version": "1.2.0",
        "title": title,
        "author": author,
        "chapters": [
            {"startTime": c.start_ms / 1000, "endTime": c.end_ms / 1000, "title": c.title}
            for c in chapters
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def _extensions():  # type: ignore[no-untyped-def]
    from feedgen.ext.base import BaseEntryExtension, BaseExtension
    from lxml import etree

    def add(parent, namespace: str, tag: str, text: str | None = None, **attributes: str):  # type: ignore[no-untyped-def]
        element = etree.SubElement(parent, f"{{{namespace}}}{tag}", attributes)
        element.text = text
        return element

    class Channel(BaseExtension):
        episode: Episode | None = None

        def extend_ns(self) -> dict[str, str]:
            return {"podcast": PODCAST_NS}

        def extend_rss(self, rss):  # type: ignore[no-untyped-def]
            channel, episode = rss[0], self.episode
            assert episode is not None
            add(channel, ITUNES_NS, "explicit", "false")
            owner = add(channel, ITUNES_NS, "owner")
            add(owner, ITUNES_NS, "name", episode.owner)
            add(channel, PODCAST_NS, "guid", podcast_guid(episode.feed_url))
            if episode.disclosure:  # every episode of the show is narrated the same way
                add(channel, PODCAST_NS, "txt", episode.disclosure, purpose=DISCLOSURE_PURPOSE)
            return rss

    class Item(BaseEntryExtension):
        episode: Episode | None = None

        def extend_rss(self, item):  # type: ignore[no-untyped-def]
            episode = self.episode
            assert episode is not None
            add(item, ITUNES_NS, "explicit", "false")
            add(item, PODCAST_NS, "chapters", url=episode.chapters_url, type=CHAPTERS_TYPE)
            add(
                item,
                PODCAST_NS,
                "transcript",
                url=episode.transcript_url,
                type="text/vtt",
                language=episode.language,
                rel="captions",
            )
            if episode.disclosure:
                add(item, PODCAST_NS, "txt", episode.disclosure, purpose=DISCLOSURE_PURPOSE)
            return item

    return Channel, Item


def feed_xml(episode: Episode) -> bytes:
    """The feed's bytes: the same episode gives the same bytes."""
    from feedgen.feed import FeedGenerator

    channel_ext, item_ext = _extensions()
    feed = FeedGenerator()
    feed.load_extension("podcast")  # feedgen's name for the iTunes tags
    feed.register_extension("podcasting2", channel_ext, item_ext, atom=False)
    feed.podcasting2.episode = episode
    feed.title(episode.title)
    # feedgen's RSS <link> is the last link given: the self link first, then the site.
    feed.link(href=episode.feed_url, rel="self")
    feed.link(href=episode.site_url, rel="alternate")
    feed.description(episode.description)
    feed.language(episode.language)
    feed.image(url=episode.image_url, title=episode.title, link=episode.site_url)
    feed.generator("pipeline (python-feedgen)")
    feed.pubDate(episode.published)
    feed.lastBuildDate(episode.published)
    feed.podcast.itunes_author(episode.author)
    feed.podcast.itunes_image(episode.image_url)
    feed.podcast.itunes_category(CATEGORY)
    feed.podcast.itunes_type("episodic")
    feed.podcast.itunes_summary(episode.description)

    item = feed.add_entry()
    item.podcasting2.episode = episode
    item.title(episode.title)
    item.link(href=episode.site_url)
    item.description(episode.notes)
    item.guid(episode.guid, permalink=False)
    item.pubDate(episode.published)
    item.enclosure(episode.audio_url, str(episode.audio_bytes), "audio/mpeg")
    item.podcast.itunes_author(episode.author)
    item.podcast.itunes_duration(episode.duration_s)
    item.podcast.itunes_image(episode.image_url)
    item.podcast.itunes_episode_type("full")
    return feed.rss_str(pretty=True, encoding="UTF-8", xml_declaration=True)
