"""Open documents as the protocol sees them: text, LSP lines, and a log of edits.

pygls' ``TextDocument`` splits lines with ``str.splitlines``, which also breaks at
U+2028, U+2029, form feed and other characters LSP does not count as line breaks; an
incremental edit then lands on the wrong line. :class:`ProseTextDocument` keeps its own
:class:`~storylint.read.source.LineIndex` (``\\n``, ``\\r\\n`` and ``\\r`` only), applies
each change through it, and records the change in code points so the checker can follow
the same edits.
"""

from __future__ import annotations

from itertools import pairwise

from lsprotocol import types
from pygls.workspace import TextDocument, Workspace

from storylint.lsp.convert import Encoding
from storylint.project import LineIndex


class ProseTextDocument(TextDocument):
    """A text document with LSP line breaks and an edit log."""

    def __init__(self, *args, encoding: str = types.PositionEncodingKind.Utf16, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.encoding = Encoding(encoding)
        self._index: LineIndex | None = None
        #: Edits since the log was last taken: (start, end, new text) in code points, and
        #: the line index just after the edit.
        self.edits: list[tuple[int, int, str, LineIndex]] = []
        #: Set when a change replaced the whole text.
        self.replaced = False

    @property
    def index(self) -> LineIndex:
        if self._index is None or self._index.text is not self.source:
            self._index = LineIndex(self.source)
        return self._index

    @property
    def lines(self) -> list[str]:
        index = self.index
        text = index.text
        bounds = [*index.starts, len(text)]
        return [text[a:b] for a, b in pairwise(bounds)]

    def offset_at(self, position: types.Position) -> int:
        return self.encoding.offset(self.index, position)

    def apply_change(self, change: types.TextDocumentContentChangeEvent) -> None:
        if isinstance(change, types.TextDocumentContentChangePartial):
            index = self.index
            start = self.encoding.offset(index, change.range.start)
            end = max(start, self.encoding.offset(index, change.range.end))
            index.edit(start, end, change.text)
            self._source = index.text
            self.edits.append((start, end, change.text, index.copy()))
        else:
            self._source = change.text
            self._index = None
            self.edits.clear()
            self.replaced = True

    def take_edits(self) -> tuple[list[tuple[int, int, str, LineIndex]], bool]:
        """The edits since the last call, and whether the whole text was replaced."""
        edits, replaced = self.edits, self.replaced
        self.edits, self.replaced = [], False
        return edits, replaced


class ProseWorkspace(Workspace):
    """A pygls workspace whose text documents are :class:`ProseTextDocument`."""

    def _create_text_document(
        self,
        doc_uri: str,
        source: str | None = None,
        version: int | None = None,
        language_id: str | None = None,
    ) -> TextDocument:
        return ProseTextDocument(
            doc_uri,
            source=source,
            version=version,
            language_id=language_id,
            sync_kind=self._sync_kind,
            position_codec=self._position_codec,
            encoding=self._position_encoding or types.PositionEncodingKind.Utf16,
        )
