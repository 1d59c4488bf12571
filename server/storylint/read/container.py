"""Opening the zip containers of Word, OpenDocument and EPUB files, safely.

A ``.docx``, ``.odt`` or ``.epub`` is a zip archive of XML files. :class:`Container`
opens one from bytes and reads its members with limits: a member whose declared size
is over :data:`MEMBER_LIMIT`, or that inflates past it while being read (its header
may lie), and archives whose members together pass :data:`TOTAL_LIMIT` are refused as
zip bombs. Files that are not zip archives are told apart (an encrypted Office file is
an OLE compound file; a web page saved with a ``.docx`` name is HTML) so the message
says what the file really is. Every problem is a :class:`ReadError` for the user.
"""

from __future__ import annotations

import io
import zipfile

from storylint.read.source import ReadError

#: The most one member may inflate to (a million-word novel's XML is well under this).
MEMBER_LIMIT = 256 * 1024 * 1024
#: The most all members read from one archive may inflate to.
TOTAL_LIMIT = 512 * 1024 * 1024
#: The most members an archive may list.
MEMBER_COUNT_LIMIT = 50_000
_CHUNK = 1024 * 1024

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_OOXML = "EncryptionInfo".encode("utf-16-le")
_OLD_WORD = "WordDocument".encode("utf-16-le")


def _kind_of(data: bytes) -> str:
    """What non-zip bytes look like, for the message."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:1024]:
        return "a web page (HTML), not a zip archive"
    if head.startswith(b"{\\rtf"):
        return "RTF, not a zip archive"
    if head.startswith(b"mime-version:") or b"multipart/related" in head[:1024]:
        return "a web archive (MHTML), not a zip archive"
    if head.startswith(b"%pdf"):
        return "a PDF, not a zip archive"
    if not data:
        return "empty"
    return "not a zip archive"


class Container:
    """A zip archive read from bytes; members are read with size limits."""

    def __init__(self, data: bytes, what: str, extension: str) -> None:
        self.what = what  # "Word document", "OpenDocument text", "EPUB book"
        self.read_total = 0
        if data.startswith(_OLE):
            if _ENCRYPTED_OOXML in data:
                raise ReadError(
                    f"a password-protected {what} (the file is encrypted); remove the "
                    "password and save it again to check it; skipped"
                )
            if _OLD_WORD in data:
                raise ReadError(
                    f"an old Word 97-2003 document (.doc) with a {extension} name; open it "
                    f"and save it as {extension} to check it; skipped"
                )
            raise ReadError(f"an OLE compound file, not a {what}; skipped")
        if not data.startswith(b"PK"):
            kind = _kind_of(data)
            hint = ""
            if kind.startswith("a web page"):
                hint = "; rename it to .html to check it"
            elif kind.startswith("RTF"):
                hint = f"; save it as {extension} to check it"
            raise ReadError(f"not a {what}: the file is {kind}{hint}; skipped")
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as error:
            raise ReadError(
                f"not a valid {what} (a damaged zip archive: {error}); skipped"
            ) from None
        if len(infos) > MEMBER_COUNT_LIMIT:
            raise ReadError(f"not a valid {what} ({len(infos)} members in its zip); skipped")
        self.infos = {info.filename: info for info in infos}

    def names(self) -> list[str]:
        return list(self.infos)

    def has(self, name: str) -> bool:
        return name in self.infos

    def _bomb(self, name: str) -> ReadError:
        limit = MEMBER_LIMIT // (1024 * 1024)
        return ReadError(
            f"refused: {name} inside it inflates to over {limit} MB (a zip bomb, or not a "
            f"real {self.what}); skipped"
        )

    def read(self, name: str) -> bytes:
        """A member's bytes, inflated under the limits; ReadError if missing or damaged."""
        info = self.infos.get(name)
        if info is None:
            raise ReadError(f"not a valid {self.what} ({name} is missing); skipped")
        if info.flag_bits & 0x1:
            raise ReadError(
                f"a password-protected {self.what} ({name} is encrypted); remove the password "
                "to check it; skipped"
            )
        if info.file_size > MEMBER_LIMIT or self.read_total + info.file_size > TOTAL_LIMIT:
            raise self._bomb(name)
        parts = []
        size = 0
        try:
            with self.zip.open(info) as member:
                while chunk := member.read(_CHUNK):
                    size += len(chunk)
                    if size > MEMBER_LIMIT or self.read_total + size > TOTAL_LIMIT:
                        raise self._bomb(name)
                    parts.append(chunk)
        except ReadError:
            raise
        except Exception as error:  # BadZipFile, zlib.error, EOFError...: a damaged member
            raise ReadError(
                f"not a valid {self.what} ({name} is damaged: {error}); skipped"
            ) from None
        self.read_total += size
        return b"".join(parts)
