"""Time ``storylint check`` on a novel as a Word document, whole process.

    python benchmarks/docx_speed.py ../shared/corpus/little_women.txt
    python benchmarks/docx_speed.py ../shared/corpus/little_women.txt --words 200000 --runs 5

The .docx is built at run time from the text (in a temporary folder): its paragraphs
repeated from the start until the book has ``--words`` words, each written as Word
writes a paragraph that was edited over several sessions (style and spacing, runs of
about a dozen words with their own rsid and properties, proofing marks, bookmarks,
``_italics_`` as italic runs, which split words at their edges). The same paragraphs
are also written as a .txt file, and both are checked in a fresh process (start-up,
imports and rule loading included); the best of ``--runs`` is kept. ``--fix`` also
times ``check --fix`` writing the tracked changes.
"""

from __future__ import annotations

import argparse
import io
import re
import subprocess
import sys
import tempfile
import time
import zipfile
from html import escape
from pathlib import Path

_NS = (
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" mc:Ignorable="w14"'
)
_RPR = (
    '<w:rFonts w:ascii="Garamond" w:hAnsi="Garamond" w:cs="Times New Roman"/>'
    '{extra}<w:sz w:val="24"/><w:szCs w:val="24"/><w:lang w:val="en-US"/>'
)


def paragraphs_of(text: str, words: int) -> list[str]:
    """The text's paragraphs (blank-line separated, unwrapped), repeated up to ``words``."""
    found = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]
    out, count, index = [], 0, 0
    while count < words:
        paragraph = found[index % len(found)]
        out.append(paragraph)
        count += len(paragraph.split())
        index += 1
    return out


def _run(text: str, rsid: int, italic: bool) -> str:
    extra = "<w:i/><w:iCs/>" if italic else ""
    return (
        f'<w:r w:rsidR="00{rsid:06X}" w:rsidRPr="00{rsid:06X}"><w:rPr>'
        f"{_RPR.format(extra=extra)}</w:rPr>"
        f'<w:t xml:space="preserve">{escape(text, quote=False)}</w:t></w:r>'
    )


def _paragraph(text: str, number: int) -> str:
    runs = []
    for piece_number, piece in enumerate(re.split(r"(_[^_]+_)", text)):
        if not piece:
            continue
        if piece.startswith("_") and piece.endswith("_") and len(piece) > 2:
            runs.append(_run(piece[1:-1], number + piece_number, True))
            continue
        words = piece.split(" ")
        for start in range(0, len(words), 12):
            chunk = " ".join(words[start : start + 12])
            if start + 12 < len(words):
                chunk += " "
            runs.append(_run(chunk, number * 7 + start, False))
            if start and start % 24 == 0:
                runs.append('<w:proofErr w:type="spellStart"/>')
    bookmark = ""
    if number % 50 == 0:
        bookmark = (
            f'<w:bookmarkStart w:id="{number}" w:name="_Toc{number}"/>'
            f'<w:bookmarkEnd w:id="{number}"/>'
        )
    return (
        f'<w:p w:rsidR="00{number:06X}" w:rsidRDefault="00{number:06X}" w:rsidP="00{number:06X}">'
        '<w:pPr><w:pStyle w:val="BodyText"/><w:spacing w:after="0" w:line="480" '
        'w:lineRule="auto"/><w:ind w:firstLine="720"/><w:rPr><w:rFonts w:ascii="Garamond" '
        f'w:hAnsi="Garamond"/></w:rPr></w:pPr>{bookmark}{"".join(runs)}</w:p>'
    )


def docx_of(paragraphs: list[str]) -> bytes:
    body = "".join(_paragraph(p, n) for n, p in enumerate(paragraphs, 1))
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document {_NS}><w:body>{body}<w:sectPr><w:pgSz w:w="12240" w:h="15840"/>'
        "</w:sectPr></w:body></w:document>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats'
            '.org/package/2006/content-types"><Default Extension="rels" ContentType="application'
            '/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            'ContentType="application/xml"/><Override PartName="/word/document.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
            'document.main+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http:'
            '//schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="word/document.xml"/></Relationships>',
        )
        archive.writestr("word/document.xml", document)
    return out.getvalue()


def best_time(args: list[str], runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "storylint", "check", "--format", "json", *args],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("novel", type=Path, help="a novel as UTF-8 text")
    parser.add_argument("--words", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--fix", action="store_true", help="also time check --fix")
    args = parser.parse_args()
    paragraphs = paragraphs_of(args.novel.read_text(encoding="utf-8"), args.words)
    words = sum(len(p.split()) for p in paragraphs)
    with tempfile.TemporaryDirectory() as folder:
        docx = Path(folder) / "novel.docx"
        docx.write_bytes(docx_of(paragraphs))
        text = Path(folder) / "novel.txt"
        text.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
        with zipfile.ZipFile(docx) as archive:
            xml_size = archive.getinfo("word/document.xml").file_size
        print(
            f"{words:,} words, {len(paragraphs):,} paragraphs; novel.docx {docx.stat().st_size:,} "
            f"bytes (document.xml {xml_size:,} bytes)"
        )
        for path in (text, docx):
            seconds = best_time([str(path)], args.runs)
            print(f"check {path.name:<12} {seconds:6.3f} s  {words / seconds:>10,.0f} words/s")
        if args.fix:
            best = float("inf")
            for _ in range(args.runs):
                fixed = Path(folder) / "novel.storylint.docx"
                fixed.unlink(missing_ok=True)
                best = min(best, best_time(["--fix", str(docx)], 1))
            print(f"check --fix novel.docx {best:6.3f} s (writes novel.storylint.docx)")


if __name__ == "__main__":
    main()
