"""What the web pages say around the report's text, per language, and how they write
durations, times and sizes."""

from __future__ import annotations

from pipeline.editions import UNREVIEWED_MARKERS

# Each language's name in itself: the language switch speaks to readers of that language.
ENDONYMS = {"en": "English", "es": "Español"}

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "language": "English",
        "read_in": "Read and listen in English",
        "read_text_in": "Read in English",
        "skip": "Skip to the text",
        "by": "By {author}",
        "summary": "Audiobook · {duration} · {language} · synthetic voice: {voice}",
        "summary_text_only": "Text edition · {language} · no audio in this build",
        "player": "Audiobook",
        "follow": "Follow the reading",
        "languages": "Other languages",
        "resume": "Press play to go on listening from here.",
        "chapters": "Chapters",
        "howto": "Click a sentence, or press Enter on it, to listen from there. "
        "In the text, the arrow keys move from sentence to sentence and Space plays or pauses.",
        "downloads": "Downloads",
        "book": "Audiobook: one MP3 file with chapters",
        "m4b": "Audiobook for audiobook apps (M4B)",
        "sections": "Each chapter as an MP3 file",
        "edition": "Text (Markdown)",
        "vtt": "Transcript (WebVTT)",
        "srt": "Subtitles (SRT)",
        "chapters_vtt": "Chapter marks (WebVTT)",
        "unreviewed": "Some passages of this edition are machine translations not yet "
        "reviewed; each one is marked {mark}.",
        "revision": "Made from revision {revision} of the report.",
        "choose": "Choose a language",
    },
    "es": {
        "language": "español",
        "read_in": "Leer y escuchar en español",
        "read_text_in": "Leer en español",
        "skip": "Ir al texto",
        "by": "Por {author}",
        "summary": "Audiolibro · {duration} · {language} · voz sintética: {voice}",
        "summary_text_only": "Edición de texto · {language} · sin audio en esta versión",
        "player": "Audiolibro",
        "follow": "Seguir la lectura",
        "languages": "Otros idiomas",
        "resume": "Pulse reproducir para seguir escuchando desde aquí.",
        "chapters": "Capítulos",
        "howto": "Haga clic en una frase, o pulse Intro sobre ella, para escuchar desde ahí. "
        "En el texto, las flechas pasan de una frase a otra y la barra espaciadora "
        "reproduce o pausa.",
        "downloads": "Descargas",
        "book": "Audiolibro: un archivo MP3 con capítulos",
        "m4b": "Audiolibro para aplicaciones de audiolibros (M4B)",
        "sections": "Cada capítulo en un archivo MP3",
        "edition": "Texto (Markdown)",
        "vtt": "Transcripción (WebVTT)",
        "srt": "Subtítulos (SRT)",
        "chapters_vtt": "Marcas de capítulo (WebVTT)",
        "unreviewed": "Algunos pasajes de esta edición son traducciones automáticas aún sin "
        "revisar; cada uno lleva la marca {mark}.",
        "revision": "Hecho a partir de la revisión {revision} del informe.",
        "choose": "Elija un idioma",
    },
}


def strings(language: str) -> dict[str, str]:
    """The page's words in ``language``; English where the language has none of its own."""
    return {**STRINGS["en"], **STRINGS.get(language, {})}


def endonym(language: str) -> str:
    return ENDONYMS.get(language, language)


def unreviewed_mark(language: str) -> str:
    """The edition's mark for unreviewed machine translation, as plain text ("[...]")."""
    return UNREVIEWED_MARKERS.get(language, UNREVIEWED_MARKERS["en"]).strip().strip("*")


def spoken_length(seconds: float) -> str:
    """A duration as a reader says it: ``1 h 02 min``, ``34 min 05 s``, ``45 s``."""
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    if minutes:
        return f"{minutes} min {secs:02d} s"
    return f"{secs} s"


def clock(seconds: float) -> str:
    """A position in the book as a player shows it: ``0:07``, ``12:34``, ``1:02:03``."""
    total = int(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def file_size(size: int, language: str) -> str:
    """A file size in kB or MB, with the language's decimal mark."""
    text = f"{size / 1e6:.1f} MB" if size >= 1e6 else f"{max(1, round(size / 1e3))} kB"
    return text.replace(".", ",") if language == "es" else text
