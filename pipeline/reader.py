"""Markdown tokens (markdown-it, GFM tables, footnotes) → the document's blocks, in order.

One pass over the token stream, keeping the state a block needs: open lists (ordered? next
number), open items (first paragraph seen?), block-quote depth, the table or footnote being
read. What a reader should check (a ragged table, an undefined footnote, a figure with no
alt text, an image path that will not be packaged) is collected as warnings naming the line.
"""

from __future__ import annotations

import re
from dataclasses import replace
from urllib.parse import urlparse

from markdown_it.token import Token

from pipeline.inline import inline_plain_text
from pipeline.model import Block, BlockKind, Figure, Table, table_markdown

# Past this, narration announces a table instead of reading it (the edition keeps it all).
LARGE_TABLE_ROWS = 100
_ALIGN = re.compile(r"text-align:\s*(left|center|right)")
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")
_REFERENCE = re.compile(r"\[\^([^\]\s]+)\]")


def _collapse(inline: str) -> str:
    return " ".join(line.strip() for line in inline.splitlines()).strip()


def _cells_in_line(line: str) -> int:
    stripped = line.strip()
    stripped = stripped[1:] if stripped.startswith("|") else stripped
    stripped = (
        stripped[:-1] if stripped.endswith("|") and not stripped.endswith("\\|") else stripped
    )
    return len(_UNESCAPED_PIPE.split(stripped))


def unsafe_image_reason(src: str) -> str | None:
    """Why an image path must not be read or packaged (remote, absolute, or outside the
    report's folder), or None if it is a plain relative path inside it."""
    if urlparse(src).scheme or src.startswith("//"):
        return "is a remote address"
    if src.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:[\\/]", src):
        return "is an absolute path"
    depth = 0
    for part in re.split(r"[\\/]", src):
        depth += -1 if part == ".." else (0 if part in ("", ".") else 1)
        if depth < 0:
            return "is outside the report's folder"
    return None


class BlockReader:
    """Reads one document's token stream into blocks."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.warnings: list[str] = []
        self.blocks: list[Block] = []
        self.notes: list[Block] = []  # footnote definitions, placed by line at the end
        self.lists: list[list] = []  # each open list: [ordered?, next number]
        self.items: list[bool] = []  # each open item: its first paragraph seen?
        self.quote_depth = 0
        self.footnote: dict | None = None  # the definition being read: label, line, parts

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(f"line {line}: {message}")

    def read(self, tokens: list[Token]) -> list[Block]:
        i = 0
        while i < len(tokens):
            i = self._token(tokens, i)
        self._place_notes()
        self._check_references()
        return [b for b in self.blocks if _has_text(b)]

    # -- the token stream ------------------------------------------------------------------

    def _token(self, tokens: list[Token], i: int) -> int:
        token = tokens[i]
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            ordered = kind == "ordered_list_open"
            self.lists.append([ordered, int(token.attrGet("start") or 1) if ordered else 0])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            self.lists.pop()
        elif kind == "list_item_open":
            self.items.append(False)
        elif kind == "list_item_close":
            self.items.pop()
            self.lists[-1][1] += 1
        elif kind == "blockquote_open":
            self.quote_depth += 1
        elif kind == "blockquote_close":
            self.quote_depth -= 1
        elif kind == "heading_open":
            self._heading(token, tokens[i + 1])
        elif kind == "paragraph_open":
            self._paragraph(token, tokens[i + 1])
        elif kind == "table_open":
            return self._table(tokens, i)
        elif kind == "footnote_open":
            self.footnote = {"label": token.meta["label"], "line": 0, "parts": []}
        elif kind == "footnote_close":
            self._end_footnote()
        elif kind in ("fence", "code_block"):
            self._add(
                Block(BlockKind.CODE, token.content.rstrip("\n"), label=token.info.strip()), token
            )
        elif kind == "hr":
            self._add(Block(BlockKind.BREAK, ""), token)
        return i + 1

    def _line(self, token: Token) -> int:
        return token.map[0] + 1 if token.map else 0

    def _add(self, block: Block, token: Token) -> None:
        self.blocks.append(replace(block, line=self._line(token)))

    def _heading(self, token: Token, inline: Token) -> None:
        text = _collapse(inline.content)
        if not text:
            return
        if self.quote_depth:
            self._add(Block(BlockKind.QUOTE, text, quote_depth=self.quote_depth), token)
        else:
            self._add(Block(BlockKind.HEADING, text, level=int(token.tag[1:])), token)

    def _paragraph(self, token: Token, inline: Token) -> None:
        text = _collapse(inline.content)
        if not text:
            return
        if self.footnote is not None:
            self.footnote["line"] = self.footnote["line"] or self._line(token)
            self.footnote["parts"].append(text)
            return
        if self.items:
            ordered, number = self.lists[-1]
            first = not self.items[-1]
            self.items[-1] = True
            block = Block(
                BlockKind.LIST_ITEM,
                text,
                ordinal=number if ordered and first else None,
                list_depth=len(self.lists),
                quote_depth=self.quote_depth,
            )
        elif self.quote_depth:
            block = Block(BlockKind.QUOTE, text, quote_depth=self.quote_depth)
        else:
            block = self._figure(text, inline, token) or Block(BlockKind.PARAGRAPH, text)
        self._add(block, token)

    def _figure(self, text: str, inline: Token, token: Token) -> Block | None:
        children = [c for c in inline.children or [] if c.type not in ("softbreak", "hardbreak")]
        if len(children) != 1 or children[0].type != "image":
            return None
        image = children[0]
        src = str(image.attrGet("src") or "")
        title = str(image.attrGet("title") or "")
        alt = _collapse(image.content)
        line = self._line(token)
        if not alt and not title:
            self.warn(line, f"the image {src} has no alt text: a listener hears nothing of it")
        reason = unsafe_image_reason(src)
        if reason:
            self.warn(line, f"the image {src} {reason}; it is never read, fetched or packaged")
        return Block(BlockKind.FIGURE, alt, figure=Figure(src, title))

    def _table(self, tokens: list[Token], i: int) -> int:
        open_token = tokens[i]
        header: list[str] = []
        rows: list[list[str]] = []
        align: list[str] = []
        in_head = False
        while tokens[i].type != "table_close":
            token = tokens[i]
            if token.type == "thead_open":
                in_head = True
            elif token.type == "thead_close":
                in_head = False
            elif token.type == "tr_open" and not in_head:
                rows.append([])
            elif token.type in ("th_open", "td_open"):
                cell = _collapse(tokens[i + 1].content)
                if in_head:
                    header.append(cell)
                    found = _ALIGN.search(str(token.attrGet("style") or ""))
                    align.append(found.group(1) if found else "")
                else:
                    rows[-1].append(cell)
            i += 1
        self._check_ragged(open_token, len(header))
        table = Table(tuple(header), tuple(tuple(r) for r in rows), tuple(align))
        line = self._line(open_token)
        if len(rows) > LARGE_TABLE_ROWS:
            self.warn(
                line,
                f"the table has {len(rows)} rows: the text edition keeps it, the narration "
                "announces it without reading it",
            )
        self._add(Block(BlockKind.TABLE, table_markdown(table), table=table), open_token)
        return i + 1

    def _check_ragged(self, token: Token, width: int) -> None:
        if not token.map:
            return
        first, last = token.map
        for number in range(first, last):
            if number == first + 1:
                continue  # the delimiter row
            found = _cells_in_line(self.lines[number])
            if found != width:
                fix = "empty cells added" if found < width else "extra cells dropped"
                self.warn(number + 1, f"a table row has {found} cells, the header {width} ({fix})")

    def _end_footnote(self) -> None:
        note, self.footnote = self.footnote, None
        if note is None or not note["parts"]:
            return
        block = Block(BlockKind.FOOTNOTE, " ".join(note["parts"]), label=note["label"])
        self.notes.append(replace(block, line=note["line"]))

    # -- after the stream ------------------------------------------------------------------

    def _place_notes(self) -> None:
        # markdown-it gathers definitions at the end; the edition keeps them where written.
        for note in self.notes:
            at = next(
                (n for n, b in enumerate(self.blocks) if b.line > note.line), len(self.blocks)
            )
            self.blocks.insert(at, note)

    def _check_references(self) -> None:
        defined = {b.label for b in self.blocks if b.kind is BlockKind.FOOTNOTE}
        for block in self.blocks:
            for label in _REFERENCE.findall(block.text):
                if label not in defined:
                    self.warn(block.line, f"the footnote [^{label}] has no definition")


def _has_text(block: Block) -> bool:
    if block.kind in (BlockKind.TABLE, BlockKind.BREAK, BlockKind.FIGURE):
        return True
    if block.kind is BlockKind.CODE:
        return bool(block.text.strip())
    return bool(inline_plain_text(block.text))
