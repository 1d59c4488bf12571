"""Writing fixes into a Word document as tracked changes, byte for byte elsewhere.

Given the document as read (:class:`storylint.read.docx.DocxLayout`) and the new text of
each paragraph, each change becomes a deletion (``w:del``) and an insertion (``w:ins``)
by the author "storylint", dated, that the writer accepts or rejects in Word or
LibreOffice. A change is the smallest one between the old and the new text, word by
word ("," for "." is one mark, "They’re" for "Their" one word). Only the runs a change
falls in are rewritten: such a run is split where the change is, every piece keeping
the run's attributes and its properties (``w:rPr``) byte for byte, so formatting is
kept; an insertion takes the formatting of the text it replaces or follows. Every other
byte of the document part, and every other part of the archive, is copied unchanged.
"""

from __future__ import annotations

import io
import re
import zipfile
from bisect import bisect_right
from dataclasses import dataclass
from datetime import UTC, datetime
from difflib import SequenceMatcher
from html import escape

from storylint.read.container import Container
from storylint.read.docx import DocxLayout, ParagraphLayout, Run
from storylint.read.extracted import ExtractedParagraph

AUTHOR = "storylint"
_START_TAG = re.compile(rb"""<[^\s/>]+(?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*/?>""")
_RUN_TAG = re.compile(rb"<(?:([\w.-]+):)?r[\s/>]")
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")
_ID = re.compile(rb"""[:\s]id\s*=\s*["'](\d{1,9})["']""")


class WriteError(Exception):
    """A change that cannot be written as a tracked change (the message says where)."""


@dataclass(frozen=True, slots=True)
class Hunk:
    """Replace paragraph text ``[start, end)`` (raw offsets) with ``text``."""

    start: int
    end: int
    text: str


def _element_end(data: bytes, start: int, reported: int) -> int:
    """The end of the element starting at ``start`` whose end expat reported at
    ``reported`` (the start of its end tag, or the end of an empty element)."""
    tag = _START_TAG.match(data, start)
    if tag is not None and tag.end() == reported and data[reported - 2 : reported] == b"/>":
        return reported
    return data.index(b">", reported) + 1


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _diff(old: str, new: str) -> list[tuple[int, int, str]]:
    """The changes from ``old`` to ``new``, word by word: (start, end, replacement)."""
    a, b = _tokens(old), _tokens(new)
    a_at = [0]
    for token in a:
        a_at.append(a_at[-1] + len(token))
    b_at = [0]
    for token in b:
        b_at.append(b_at[-1] + len(token))
    changes = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op != "equal":
            changes.append((a_at[i1], a_at[i2], new[b_at[j1] : b_at[j2]]))
    return changes


def _char_diff(old: str, new: str, offset: int) -> list[tuple[int, int, str]]:
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    return [
        (offset + i1, offset + i2, new[j1:j2])
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
        if op != "equal"
    ]


def _writable(start: int, end: int, protected: frozenset[int], length: int) -> bool:
    """Whether a change of ``[start, end)`` touches only text a fix may change (an
    insertion needs a changeable character next to it)."""
    if end > start:
        return not any(offset in protected for offset in range(start, end))
    return (start > 0 and start - 1 not in protected) or (start < length and start not in protected)


def hunks(before: ExtractedParagraph, after: ExtractedParagraph) -> list[tuple[int, int, str]]:
    """The changes that turn one paragraph's text into the other's (in its text's
    offsets), each touching only changeable text; WriteError if that cannot be done."""
    protected = frozenset(before.protected)
    found = []
    for start, end, text in _diff(before.text, after.text):
        if _writable(start, end, protected, len(before.text)):
            found.append((start, end, text))
            continue
        finer = _char_diff(before.text[start:end], text, start)
        if not all(_writable(s, e, protected, len(before.text)) for s, e, _ in finer):
            raise WriteError("a change next to a field, tab or someone else's tracked change")
        found.extend(finer)
    return found


class _Writer:
    """Rewrites the runs of one document part that changes fall in."""

    def __init__(self, layout: DocxLayout, date: str, used_ids: int) -> None:
        self.data = layout.xml
        self.date = date
        self.namespace = layout.namespace.encode()
        self.next_id = used_ids
        self.replacements: list[tuple[int, int, bytes]] = []

    def _mark(self, prefix: bytes, kind: bytes) -> bytes:
        """The start tag of a ``w:ins`` or ``w:del`` by storylint, with a fresh id."""
        self.next_id += 1
        name = prefix + b":" + kind if prefix else kind
        if prefix:
            p, declare = prefix + b":", b""
        else:  # the main namespace is the default one: name it here for the attributes
            p, declare = b"w:", b' xmlns:w="' + self.namespace + b'"'
        return b'<%s%s %sid="%d" %sauthor="%s" %sdate="%s">' % (
            name,
            declare,
            p,
            self.next_id,
            p,
            AUTHOR.encode(),
            p,
            self.date.encode(),
        )

    def paragraph(
        self,
        layout: ParagraphLayout,
        changes: list[tuple[int, int, str]],
        protected: frozenset[int],
    ) -> None:
        """Write the changes (offsets in the paragraph's trimmed text, none touching a
        ``protected`` offset) into its runs."""
        lead = layout.lead
        runs = layout.runs
        # the runs' text children, by the paragraph offsets they cover
        spans: list[tuple[int, int, int]] = []  # (start offset, end offset, run index)
        for index, run in enumerate(runs):
            for _, _, offset, text in run.children:
                if text:
                    spans.append((offset - lead, offset - lead + len(text), index))
        spans.sort()
        starts = [span[0] for span in spans]

        def run_of(offset: int) -> int:
            at = bisect_right(starts, offset) - 1
            if at < 0 or offset >= spans[at][1]:
                raise WriteError("a change outside the paragraph's text")
            return spans[at][2]

        deleted: dict[int, set[int]] = {}
        inserted: dict[int, list[tuple[int, str, str, int]]] = {}
        for start, end, text in changes:
            for offset in range(start, end):
                deleted.setdefault(run_of(offset), set()).add(offset + lead)
            if not text:
                continue
            if end > start:  # after the text it replaces, formatted as its first letter
                owner, side, at, style = run_of(end - 1), "after", end - 1, run_of(start)
            elif start > 0 and start - 1 not in protected:  # after the letter before it
                owner, side, at = run_of(start - 1), "after", start - 1
                style = owner
            else:  # at the start of the paragraph, or after a tab: before the next letter
                owner, side, at = run_of(start), "before", start
                style = owner
            inserted.setdefault(owner, []).append((at + lead, side, text, style))
        for index in sorted(set(deleted) | set(inserted)):
            run = runs[index]
            if not run.editable:
                raise WriteError("a change inside someone else's tracked change or a field")
            self._rewrite(run, deleted.get(index, set()), inserted.get(index, []), runs)

    def _rpr(self, run: Run) -> bytes:
        if run.rpr_start < 0:
            return b""
        return self.data[run.rpr_start : _element_end(self.data, run.rpr_start, run.rpr_end)]

    def _rewrite(
        self,
        run: Run,
        deleted: set[int],
        inserted: list[tuple[int, str, str, int]],
        runs: list[Run],
    ) -> None:
        data = self.data
        open_tag = _START_TAG.match(data, run.start)
        named = _RUN_TAG.match(data, run.start)
        if open_tag is None or named is None:
            raise WriteError("a run the writer does not understand")
        prefix = named.group(1) or b""
        colon = prefix + b":" if prefix else b""
        start_tag = open_tag.group()
        if start_tag.endswith(b"/>"):
            raise WriteError("an empty run")
        end = _element_end(data, run.start, run.end)
        rpr = self._rpr(run)
        before = {
            (at, side): (text, style) for at, side, text, style in inserted if side == "before"
        }
        after = {(at, side): (text, style) for at, side, text, style in inserted if side == "after"}
        parts: list[
            tuple[str, object]
        ] = []  # ("keep"|"del", text) | ("raw", bytes) | ("ins", (text, style))

        def add(kind: str, value: str) -> None:
            if parts and parts[-1][0] == kind:
                parts[-1] = (kind, parts[-1][1] + value)  # type: ignore[operator]
            else:
                parts.append((kind, value))

        for child_start, child_end, offset, text in run.children:
            if text is None:
                parts.append(
                    ("raw", data[child_start : _element_end(data, child_start, child_end)])
                )
                continue
            for i, char in enumerate(text):
                at = offset + i
                if (at, "before") in before:
                    parts.append(("ins", before[(at, "before")]))
                add("del" if at in deleted else "keep", char)
                if (at, "after") in after:
                    parts.append(("ins", after[(at, "after")]))
        out = []
        kept: list[bytes] = []

        def flush_kept() -> None:
            if kept:
                out.append(start_tag + rpr + b"".join(kept) + b"</" + colon + b"r>")
                kept.clear()

        for kind, value in parts:
            if kind == "keep":
                kept.append(self._t(colon, b"t", value))  # type: ignore[arg-type]
            elif kind == "raw":
                kept.append(value)  # type: ignore[arg-type]
            else:
                flush_kept()
                if kind == "del":
                    body = (
                        start_tag + rpr + self._t(colon, b"delText", value) + b"</" + colon + b"r>"
                    )
                    out.append(self._mark(prefix, b"del") + body + b"</" + colon + b"del>")
                else:
                    text, style = value  # type: ignore[misc]
                    style_rpr = self._rpr(runs[style])
                    body = (
                        start_tag + style_rpr + self._t(colon, b"t", text) + b"</" + colon + b"r>"
                    )
                    out.append(self._mark(prefix, b"ins") + body + b"</" + colon + b"ins>")
        flush_kept()
        self.replacements.append((run.start, end, b"".join(out)))

    @staticmethod
    def _t(colon: bytes, name: bytes, text: str) -> bytes:
        return (
            b"<"
            + colon
            + name
            + b' xml:space="preserve">'
            + escape(text, quote=False).encode("utf-8")
            + b"</"
            + colon
            + name
            + b">"
        )

    def result(self) -> bytes:
        pieces = []
        position = 0
        for start, end, new in sorted(self.replacements):
            if start < position:
                raise WriteError("overlapping changes")
            pieces.append(self.data[position:start])
            pieces.append(new)
            position = end
        pieces.append(self.data[position:])
        return b"".join(pieces)


def now() -> str:
    """The date of a tracked change: now, in UTC, as Word writes it."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def tracked_changes(
    layout: DocxLayout,
    before: list[ExtractedParagraph],
    after: list[ExtractedParagraph],
    date: str | None = None,
) -> tuple[bytes, int]:
    """The ``.docx`` bytes with each paragraph changed from ``before`` to ``after`` as
    tracked changes, and how many changes; WriteError when one cannot be written (then
    nothing is)."""
    if len(before) != len(after) or len(before) != len(layout.paragraphs):
        raise WriteError("the paragraphs changed in number")
    if not layout.xml.lstrip().startswith(b"<") or layout.xml.startswith(
        (b"\xff\xfe", b"\xfe\xff")
    ):
        raise WriteError("a document part not in UTF-8")
    source = Container(layout.archive, "Word document", ".docx")
    writer = _Writer(layout, date or now(), _largest_id(source, layout))
    count = 0
    for number, (old, new, paragraph) in enumerate(
        zip(before, after, layout.paragraphs, strict=True), 1
    ):
        if old.text == new.text:
            continue
        try:
            changes = hunks(old, new)
            writer.paragraph(paragraph, changes, frozenset(old.protected))
        except WriteError as error:
            raise WriteError(f"paragraph {number}: {error}") from None
        count += len(changes)
    xml = writer.result()
    return _archive(source, layout, xml), count


def _largest_id(source: Container, layout: DocxLayout) -> int:
    """The largest annotation id (``w:id``) in any XML part: revisions, comments and
    bookmarks share one numbering, so the new marks count on from it."""
    largest = 0
    for name in source.names():
        if name.endswith(".xml") and not name.startswith("["):
            data = layout.xml if name == layout.part else source.read(name)
            largest = max(largest, max((int(m) for m in _ID.findall(data)), default=0))
    return largest


def _archive(source: Container, layout: DocxLayout, xml: bytes) -> bytes:
    """The archive with its main part replaced, every other member copied (in order,
    with its name, date, compression and attributes)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for info in source.zip.infolist():
            data = xml if info.filename == layout.part else source.read(info.filename)
            archive.writestr(info, data, compress_type=info.compress_type)
    return out.getvalue()
