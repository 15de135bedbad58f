"""What the build hands every format: each language's edition, voice and stitched audio.

Everything a format reads is derived here once (tags, cover, content keys, the book's level,
chapters, the timeline), so two formats that need the same thing agree on it and neither
recomputes it. Expensive values are computed on first use and kept.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

from pipeline.audio import encodes, mp3frames, profiles
from pipeline.audio.cover import SUBTITLES, cover_for
from pipeline.audio.profiles import OutputProfile
from pipeline.audio.stitch import SectionAudio
from pipeline.audio.tags import BookTags, Chapter
from pipeline.config import SOURCE_LANGUAGE, BuildOptions
from pipeline.model import Block, Document, Section
from pipeline.provenance.disclosure import Disclosure, Translation, source_digest
from pipeline.provenance.finishing import finish_audio_file
from pipeline.publish import levels
from pipeline.speech.script import Heard, Step, VoiceChoice, script_key
from pipeline.store import Store, content_key
from pipeline.transcripts import TranscriptSection, transcript_sections

T = TypeVar("T")
SAMPLE_WORDS = {"en": "sample", "es": "muestra"}


@dataclass
class Edition:
    """One language of a build: its document, what is unreviewed, its voice and its audio."""

    language: str
    document: Document
    flagged: tuple[Block, ...] = ()  # unreviewed machine translation, marked in the editions
    voice: VoiceChoice | None = None
    scripts: list[list[Step]] = field(default_factory=list)
    opening: Heard | None = None  # the credits, heard before and after the report
    closing: Heard | None = None
    audio: list[SectionAudio] = field(default_factory=list)  # set once stitched, as heard()

    def is_flagged(self, block: Block) -> bool:
        return any(block is flagged for flagged in self.flagged)

    @property
    def spoken(self) -> list[int]:
        """The indexes of the sections heard in the books (a "Notes" section is not)."""
        return [i for i, script in enumerate(self.scripts) if script]

    def heard(self) -> list[tuple[Section, list[Step]]]:
        """What the book says, in order: the opening credits, each narrated section, the
        closing credits; one section file and one chapter each."""
        report = [(self.document.sections[i], self.scripts[i]) for i in self.spoken]
        opening = [(self.opening.section, self.opening.script)] if self.opening else []
        closing = [(self.closing.section, self.closing.script)] if self.closing else []
        return [*opening, *report, *closing]

    @property
    def first_chapter(self) -> int:
        """The place of the report's first section among the book's chapters."""
        return 1 if self.opening else 0

    @property
    def narrated(self) -> bool:
        return bool(self.audio)


class Publication:
    """One report's build, as every format sees it."""

    def __init__(
        self,
        name: str,
        source: Path,
        out: Path,
        options: BuildOptions,
        store: Store,
        editions: dict[str, Edition],
    ) -> None:
        self.name = name
        self.source = source
        self.out = out
        self.options = options
        self.store = store
        self.editions = editions
        self._memo: dict[tuple[str, str], object] = {}
        self._lock = threading.RLock()
        self._levels = levels.BookLevels(store, out)

    def _kept(self, what: str, language: str, compute: Callable[[], T]) -> T:
        # Formats may write files in threads; each value is computed once.
        with self._lock:
            key = (what, language)
            if key not in self._memo:
                self._memo[key] = compute()
            return self._memo[key]  # type: ignore[return-value]

    # -- which languages --------------------------------------------------------------------

    @property
    def languages(self) -> list[str]:
        return list(self.editions)

    @property
    def narrated_languages(self) -> list[str]:
        return [lang for lang, edition in self.editions.items() if edition.narrated]

    @property
    def profile(self) -> OutputProfile:
        return profiles.profile_named(self.options.audio_profile)

    @property
    def revision(self) -> str:
        """A short digest of the source text: which revision of the report a file came from."""
        return self._kept(
            "revision", "", lambda: hashlib.sha256(self.source.read_bytes()).hexdigest()[:12]
        )

    # -- where the audio goes -----------------------------------------------------------------

    def spoken_sections(self, language: str) -> list[Section]:
        """The sections heard in the books, in order: one section file and chapter each."""
        return [section for section, _ in self.editions[language].heard()]

    def section_paths(self, language: str) -> list[Path]:
        folder = self.out / "sections" / language
        sections = self.spoken_sections(language)
        return [folder / f"{i + 1:02d}-{s.slug}.mp3" for i, s in enumerate(sections)]

    def book_path(self, language: str) -> Path:
        return self.out / f"{self.name}.{language}.mp3"

    # -- tags -----------------------------------------------------------------------------

    def cover(self, language: str) -> bytes:
        """The cover the audio carries: ``source/<doc>.cover.png`` if given, else drawn."""
        title = self.editions[language].document.title
        custom = self.source.with_name(f"{self.name}.cover.png")
        return self._kept(
            "cover",
            language,
            lambda: cover_for(title, SUBTITLES.get(language, ""), language, custom),
        )

    def section_tags(self, language: str) -> list[BookTags]:
        document = self.editions[language].document
        sections = self.spoken_sections(language)
        count = len(sections)
        return [
            BookTags(
                title=section.title,
                album=document.title,
                artist=self.options.author,
                language=language,
                year=self.options.year,
                track=f"{i + 1}/{count}",
                publisher=self.options.publisher,
                cover=self.cover(language),
            )
            for i, section in enumerate(sections)
        ]

    def book_tags(self, language: str) -> BookTags:
        edition = self.editions[language]
        voice = edition.voice
        narrator = f"{voice.engine} ({voice.voice})" if voice else "unknown"
        return BookTags(
            title=edition.document.title,
            album=edition.document.title,
            artist=self.options.author,
            language=language,
            year=self.options.year,
            comment=f"Narrated by {narrator}; source revision {self.revision}",
            subtitle=SUBTITLES.get(language, ""),
            publisher=self.options.publisher,
            cover=self.cover(language),
        )

    # -- content keys: what each published file is made from --------------------------------

    def script_keys(self, language: str) -> list[str]:
        return [script_key(script) for _, script in self.editions[language].heard()]

    def level_key(self, language: str) -> str:
        # The book's level filter: the same for every section file while the book holds the
        # profile's level, so an edit changes only the keys of the sections it touched.
        return content_key("level", self.level_filter(language), self.profile.identity())

    def disclosure(self, language: str) -> Disclosure:
        """What every published audio file of this language discloses (synthetic voice,
        translation state, source), in its tags and, when signing, its Content Credentials."""

        def make() -> Disclosure:
            edition = self.editions[language]
            voice = edition.voice
            translation = Translation()
            if language != SOURCE_LANGUAGE:
                blocks = len(edition.document.blocks)
                translation = Translation.of(
                    blocks, len(edition.flagged), self.options.translator, SOURCE_LANGUAGE
                )
            return Disclosure(
                language,
                voice.engine if voice else "",
                voice.engine_version if voice else "",
                voice.voice if voice else "",
                self.source.name,
                source_digest(self.source),
                translation,
            )

        return self._kept("disclosure", language, make)

    def section_disclosures(self, language: str) -> list[Disclosure]:
        """Each section file's disclosure: the book's, scoped to the section. Its source is
        the section's text in the report (``report.md#slug`` and that text's digest) and its
        translation state counts the section's own blocks, so an edit or a review changes
        the files of the sections it touched and no other."""

        def make() -> list[Disclosure]:
            book = self.disclosure(language)
            edition = self.editions[language]
            scoped = []
            for section, origin in zip(
                self.spoken_sections(language), self._source_sections(language), strict=True
            ):
                translation = book.translation
                if language != SOURCE_LANGUAGE:
                    unreviewed = sum(edition.is_flagged(b) for b in section.blocks)
                    translation = Translation.of(
                        len(section.blocks), unreviewed, translation.translator, SOURCE_LANGUAGE
                    )
                text = "\n\n".join(block.text for block in origin.blocks)
                scoped.append(
                    replace(
                        book,
                        source_name=f"{self.source.name}#{origin.slug}",
                        source_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
                        translation=translation,
                    )
                )
            return scoped

        return self._kept("section-disclosures", language, make)

    def _source_sections(self, language: str) -> list[Section]:
        # The report's sections a language's section files were made from: a translated
        # document keeps the report's sections in order, and its credits the report's.
        own, source = self.editions[language], self.editions[SOURCE_LANGUAGE]
        opening = [(source.opening or own.opening).section] if own.opening else []
        closing = [(source.closing or own.closing).section] if own.closing else []
        report = [source.document.sections[i] for i in own.spoken]
        return [*opening, *report, *closing]

    def provenance_key(self, disclosure: Disclosure) -> object:
        """A disclosure and the signer: part of a published audio file's key."""
        signing = self.options.signing
        return [disclosure.identity(), signing.identity() if signing else None]

    def finish_audio(
        self, temp: Path, published: Path, language: str, disclosure: Disclosure | None = None
    ) -> None:
        """The last write of a published audio file: disclose in its tags (the book's
        disclosure unless given one), then sign it."""
        disclosure = disclosure or self.disclosure(language)
        finish_audio_file(temp, published, disclosure, self.options.signing)

    def section_keys(self, language: str) -> list[str]:
        return self._kept("section-keys", language, lambda: self._section_keys(language))

    def _section_keys(self, language: str) -> list[str]:
        level = self.level_key(language)
        return [
            content_key(
                "section-mp3",
                level,
                key,
                tags.identity(),
                self.options.id3v2_version,
                self.provenance_key(disclosure),
            )
            for key, tags, disclosure in zip(
                self.script_keys(language),
                self.section_tags(language),
                self.section_disclosures(language),
                strict=True,
            )
        ]

    def book_file_key(self, language: str) -> str:
        """The key of a file holding the whole book (MP3, M4B): its content and the book's
        disclosure, which names the whole report's digest."""
        disclosure = self.disclosure(language)
        return content_key("book-file", self.book_key(language), self.provenance_key(disclosure))

    def book_key(self, language: str) -> str:
        """The book's content key: its sections, chapter titles and tags (stable across
        rebuilds of the same content; a feed's episode GUID can be made from it)."""
        titles = [s.title for s in self.spoken_sections(language)]
        return content_key(
            "book", self.section_keys(language), titles, self.book_tags(language).identity()
        )

    # -- the stitched audio ---------------------------------------------------------------

    def level_filter(self, language: str) -> str:
        """The gain and limiter that bring this language's sections to the profile's level:
        from the sections' stored measurements, kept from the last build while it holds."""

        def sections() -> list[tuple[str, Path]]:
            audio = self.editions[language].audio
            return list(zip(self.script_keys(language), [a.wav for a in audio], strict=True))

        return self._levels.filter(language, self.profile, sections)

    def sections_encoded_ahead(self, language: str) -> list[tuple[Path, str]]:
        """The language's section MP3s encoded while its level was decided, still in the
        store, each with the sound its published file will have: measurable before they are
        published (the audio gate then finds their figures)."""
        chain = self.level_filter(language)
        found = []
        for key, sound in zip(self.script_keys(language), self.section_keys(language), strict=True):
            path = encodes.encoded_ahead(self.store, key, chain, self.profile)
            if path is not None:
                found.append((path, sound))
        return found

    def section_seconds(self, language: str) -> dict[Path, float]:
        """Each section file's duration, by path (once written): measured once per file."""

        def measure() -> dict[Path, float]:
            durations = {}
            paths, keys = self.section_paths(language), self.section_keys(language)
            for path, key in zip(paths, keys, strict=True):
                # A file's key fixes its bytes, so its duration is measured once, not on
                # every rebuild. Its frames say it as ffprobe would, without a process.
                seconds = self.store.get_json("durations", key)
                if seconds is None:
                    seconds = mp3frames.survey(path).duration
                    self.store.put_json("durations", key, seconds)
                durations[path] = seconds
            return durations

        return self._kept("section-seconds", language, measure)

    def chapters(self, language: str) -> list[Chapter]:
        """One chapter per section file, timed by the files' own durations (once written)."""

        def measure() -> list[Chapter]:
            chapters, start = [], 0.0
            seconds = self.section_seconds(language)
            sections = self.spoken_sections(language)
            for section, path in zip(sections, self.section_paths(language), strict=True):
                end = start + seconds[path]
                chapters.append(Chapter(section.title, round(start * 1000), round(end * 1000)))
                start = end
            return chapters

        return self._kept("chapters", language, measure)

    def body_start(self, language: str) -> float:
        """Where the report itself starts in the book, in seconds (after the credits)."""
        if not self.editions[language].opening:
            return 0.0
        return self.chapters(language)[0].end_ms / 1000

    def sample_tags(self, language: str) -> BookTags:
        """The retail sample's tags: the book's, its title marked as a sample."""
        book = self.book_tags(language)
        word = SAMPLE_WORDS.get(language, SAMPLE_WORDS["en"])
        return replace(book, title=f"{book.title} ({word})", album=book.album)

    def duration(self, language: str) -> float:
        """The book's length in seconds (its chapters end to end)."""
        chapters = self.chapters(language)
        return chapters[-1].end_ms / 1000 if chapters else 0.0

    def timeline(self, language: str) -> list[TranscriptSection]:
        """Every chapter with its sentences timed, from the clips actually stitched."""
        return transcript_sections(
            [s.title for s in self.spoken_sections(language)],
            self.chapters(language),
            self.editions[language].audio,
            self.profile.head_silence_ms / 1000,
        )
