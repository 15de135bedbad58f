"""A report's pointers to its own tables, figures and appendices, mended after Apertium
(a repair of the chain in ``repairs``; pure text work)."""

from __future__ import annotations

import re

# "Table 2", "Figure 3-1", "Tables 3 and 4", "Figure A.2": a report pointing at its own parts.
_LABEL = r"(?:[A-Z][.-]?)?\d"  # "2", "A-1", "B.3"
_NUMBERED = rf"(?=\s+{_LABEL})"
_ENGLISH_TABLE = re.compile(rf"\bTables?\s+{_LABEL}")
_ENGLISH_FIGURE = re.compile(rf"\bFigures?\s+{_LABEL}")
_TABLE_AS_FURNITURE = re.compile(rf"\b([Mm])esa(s?){_NUMBERED}")
_TABLES_AS_VERB = re.compile(rf"\b([Ss])omete{_NUMBERED}")
_FIGURE_AS_AMOUNT = re.compile(rf"\b([Cc])ifra(s?){_NUMBERED}")
_BARE_REFERENCE = re.compile(
    rf"\b(en|de|con|por|según|a|y|e|o|ver|véase|Véase)\s+(Tabla|Figura)(s?)(?=\s+{_LABEL})"
)
_SEE = re.compile(
    r"\b([Vv])e(?=\s+(?:la |el |los |las )?(?:Tablas?|Figuras?|Apéndice|Anexo|Sección|Capítulo|"
    r"Parte|notas?|página|abajo|arriba|también)\b)"
)
# What Apertium makes of the verb after "Table 1" ("Table 1 shows" → "Tabla 1 espectáculos"),
# reading the reference as an adjective's noun.
_VERBS_AFTER_REFERENCE = {
    "espectáculos": "muestra",
    "listas": "enumera",
    "presentes": "presenta",
    "resúmenes": "resume",
}
_REFERENCE_VERB = re.compile(
    rf"\b((?:Tabla|Figura) {_LABEL}[\w.-]*) ({'|'.join(_VERBS_AFTER_REFERENCE)})\b"
)
# A sentence that opens with the reference and goes on in words ("Figura 3 indica que…"),
# not a caption ("Tabla 1. Importaciones").
_OPENING_REFERENCE = re.compile(
    rf"(^|[.!?;]\s+|\b[Cc]omo\s+)(Tabla|Figura)(s?)(?=\s+{_LABEL}[\w.-]*\s+[a-záéíóúñ])"
)
_AS_SHOWN = re.compile(r"\b([Cc])omo asomado en\b")
_LETTERED_PART = re.compile(r"\b(Apéndice|Anexo|Parte|Título|Sección|Capítulo)\s+Una?\b")


def _article(plural: str, capital: bool) -> str:
    article = "las" if plural else "la"
    return article.capitalize() if capital else article


def references_to_parts(source: str, text: str) -> str:
    """A report's pointers to its own tables, figures and appendices: "see Table 2 and
    Figure 3" comes out "ve Mesa 2 y Cifra 3" (furniture, an amount), "Tables 3 and 4"
    "Somete 3 y 4" (a verb), "Appendix A" "Apéndice Un". They are "véase la Tabla 2 y la
    Figura 3", "las Tablas 3 y 4", "Apéndice A"; only where the English has them.
    """
    if _ENGLISH_TABLE.search(source):
        text = _TABLE_AS_FURNITURE.sub(
            lambda m: f"{m[1].replace('M', 'T').replace('m', 't')}abla{m[2]}", text
        )
        if re.search(rf"\bTables\s+{_LABEL}", source):
            text = _TABLES_AS_VERB.sub(lambda m: "Tablas" if m[1] == "S" else "tablas", text)
    if _ENGLISH_FIGURE.search(source):
        text = _FIGURE_AS_AMOUNT.sub(lambda m: f"{'F' if m[1] == 'C' else 'f'}igura{m[2]}", text)
    if re.search(r"\b[Ss]ee\b", source):
        text = _SEE.sub(lambda m: f"{'V' if m[1] == 'V' else 'v'}éase", text)
    text = _BARE_REFERENCE.sub(
        lambda m: f"{m[1]} {_article(m[3], capital=False)} {m[2]}{m[3]}", text
    )
    text = _REFERENCE_VERB.sub(lambda m: f"{m[1]} {_VERBS_AFTER_REFERENCE[m[2]]}", text)
    text = _OPENING_REFERENCE.sub(
        lambda m: f"{m[1]}{_article(m[3], capital=m[1].strip().lower() != 'como')} {m[2]}{m[3]}",
        text,
    )
    text = _AS_SHOWN.sub(lambda m: f"{m[1]}omo se muestra en", text)
    if re.search(r"\b(?:Appendix|Annex|Part|Title|Section|Chapter)\s+A\b", source):
        text = _LETTERED_PART.sub(lambda m: f"{m[1]} A", text)
    return text
