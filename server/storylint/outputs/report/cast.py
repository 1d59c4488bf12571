"""The report's cast: every name with its count, a strip of the chapters it appears in,
its variant spellings and where each is written, and the ``[names]`` section to copy
(as ``storylint names --toml`` prints it)."""

from __future__ import annotations

from collections import Counter
from html import escape

from storylint.checks.names.report import NameRow, WorkCast
from storylint.outputs.names import render_toml
from storylint.outputs.report.model import Manuscript
from storylint.outputs.report.summary import chapter_label, number, plural

#: Places listed for one variant; the others are counted.
PLACES_SHOWN = 8
_STRIP_HEIGHT = 16


def per_chapter(manuscript: Manuscript, mentions: dict[str, list[int]]) -> Counter[int]:
    """How many of ``mentions`` (offsets by path) fall in each chapter."""
    counts: Counter[int] = Counter()
    for path, offsets in mentions.items():
        for offset in offsets:
            chapter = manuscript.chapter_at(path, offset)
            if chapter is not None:
                counts[chapter] += 1
    return counts


def strip(manuscript: Manuscript, row: NameRow) -> str:
    """A bar per chapter the name appears in, as tall as it is frequent there, on a line
    as long as the manuscript."""
    counts = per_chapter(manuscript, row.mentions)
    total = len(manuscript.chapters)
    slot = max(3.0, min(16.0, 240 / max(total, 1)))
    highest = max(counts.values(), default=1)
    bars = [
        f'<line class="base" x1="0" y1="{_STRIP_HEIGHT - 0.5}" x2="{total * slot:.1f}" '
        f'y2="{_STRIP_HEIGHT - 0.5}"/>'
    ]
    for chapter in sorted(counts):
        height = max(3.0, _STRIP_HEIGHT * counts[chapter] / highest)
        bars.append(
            f'<rect x="{chapter * slot:.1f}" y="{_STRIP_HEIGHT - height:.1f}" '
            f'width="{max(slot - 1, 1.5):.1f}" height="{height:.1f}">'
            f"<title>{escape(chapter_label(manuscript, chapter))}: {counts[chapter]}</title></rect>"
        )
    spoken = (
        f"in {plural(len(counts), 'chapter')} of {number(total)}"
        if total > 1
        else "in the one chapter"
    )
    return (
        f'<svg class="strip" width="{total * slot:.0f}" height="{_STRIP_HEIGHT}" role="img" '
        f'aria-label="{escape(row.name)} appears {spoken}" data-chapters="'
        f'{" ".join(str(c) for c in sorted(counts))}">{"".join(bars)}</svg>'
    )


def _places(manuscript: Manuscript, by_path: dict[str, list[int]]) -> str:
    places = []
    for path, offsets in by_path.items():
        source = next(s for s in manuscript.files if s.path == path)
        for offset in offsets:
            chapter = manuscript.chapter_at(path, offset)
            line, column = source.lines.position(offset)
            places.append((chapter, offset, f"{path}:{line + 1}:{column + 1}"))
    shown = [
        f'<a href="#ch-{chapter}" data-chapter="{chapter}" data-offset="{offset}">'
        f"{escape(where)}</a>"
        for chapter, offset, where in places[:PLACES_SHOWN]
    ]
    more = len(places) - PLACES_SHOWN
    return ", ".join(shown) + (f" and {plural(more, 'more place')}" if more > 0 else "")


def _row(manuscript: Manuscript, row: NameRow) -> str:
    badges = '<span class="badge">in cast</span>' if row.in_cast else ""
    full = f'<span class="full-name">{escape(row.full_name)}</span>' if row.full_name else ""
    variants = "".join(
        f'<li><span class="variant">{escape(variant)}</span> <span class="times">×{count}</span>'
        f" {_places(manuscript, row.variant_mentions.get(variant, {}))}</li>"
        for variant, count in row.variants
    )
    return (
        f'<tr data-name="{escape(row.name)}"><th scope="row"><span class="name">'
        f"{escape(row.name)}</span>{badges}{full}</th>"
        f'<td class="num" data-count="{row.count}">{number(row.count)}</td>'
        f"<td>{strip(manuscript, row)}</td>"
        f"<td>{f'<ul class=variants>{variants}</ul>' if variants else '—'}</td></tr>"
    )


def cast_section(manuscript: Manuscript) -> str:
    rows = manuscript.rows
    if not rows:
        body = '<p class="empty">No character names found.</p>'
    else:
        body = (
            '<table class="cast-table"><thead><tr><th scope="col">Name</th>'
            '<th scope="col" class="num">Count</th><th scope="col">Chapters</th>'
            '<th scope="col">Variant spellings, and where</th></tr></thead>'
            f"<tbody>{''.join(_row(manuscript, row) for row in rows)}</tbody></table>"
        )
    toml = render_toml(manuscript.works or [WorkCast([], rows)])
    return (
        '<section id="cast" aria-labelledby="cast-title"><h2 id="cast-title">Cast</h2>'
        f'<p class="lede">{plural(len(rows), "name")} learned from the text, counted across '
        "every chapter: a word capitalised in mid-sentence or after a title, and never "
        "written in lowercase. A variant is a rarer spelling one slip away from a name.</p>"
        f"{body}"
        '<h3 id="toml-title">As a <code>[names]</code> section</h3>'
        "<p>Paste it into <code>storylint.toml</code> and edit it: with a cast list, a name "
        "one slip away from a cast name is flagged even when it is used once.</p>"
        '<div class="toml"><button type="button" class="copy" data-copy="cast-toml">'
        "Copy</button>"
        f'<pre id="cast-toml" aria-labelledby="toml-title"><code>{escape(toml)}</code></pre>'
        "</div></section>"
    )
