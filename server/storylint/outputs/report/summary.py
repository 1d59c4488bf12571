"""The report's summary: counts, findings per family and per rule, and a chart of the
findings per chapter (inline SVG, each family with its own fill pattern so that the
bars read in grey too)."""

from __future__ import annotations

from collections import Counter
from html import escape

from storylint.checks.registry import Rule
from storylint.outputs.report.model import Manuscript

#: The chart's drawing area, in SVG units (it scales to the page's width).
CHART_WIDTH, CHART_HEIGHT = 720, 200
_LEFT, _BOTTOM, _TOP = 34, 22, 10
#: The table of rules starts open when it has at most this many rows.
RULES_OPEN = 10


def number(value: int) -> str:
    return f"{value:,}"


def plural(count: int, one: str, many: str | None = None) -> str:
    return f"{number(count)} {one if count == 1 else (many or one + 's')}"


def chapter_label(manuscript: Manuscript, index: int) -> str:
    chapter = manuscript.chapters[index]
    return chapter.title or chapter.path


def stats(manuscript: Manuscript) -> str:
    items = [
        ("files", "Files", len(manuscript.files)),
        ("chapters", "Chapters", len(manuscript.chapters)),
        ("words", "Words", manuscript.words),
        ("findings", "Findings", len(manuscript.findings)),
        ("names", "Names", len(manuscript.rows)),
    ]
    cells = "".join(
        f'<div class="stat"><dt>{label}</dt><dd data-stat="{key}">{number(value)}</dd></div>'
        for key, label, value in items
    )
    return f'<dl class="stats">{cells}</dl>'


def families_table(manuscript: Manuscript) -> str:
    counts = manuscript.family_counts()
    total = max(len(manuscript.findings), 1)
    rows = []
    for family in manuscript.families:
        share = 100 * counts[family] / total
        rows.append(
            f'<tr class="fam-{escape(family)}">'
            f'<td><label><input type="checkbox" checked data-filter-family="{escape(family)}"> '
            f'<span class="swatch" aria-hidden="true"></span>{escape(family)}</label></td>'
            f'<td class="num" data-count="{counts[family]}">{number(counts[family])}</td>'
            f'<td class="share" aria-hidden="true"><span class="bar" style="width:{share:.1f}%">'
            "</span></td></tr>"
        )
    if not rows:
        return '<p class="empty">No findings: nothing to filter.</p>'
    return (
        '<div class="panel families"><h3 id="families-title">By family</h3>'
        '<table aria-labelledby="families-title"><colgroup><col class="c-family">'
        '<col class="c-count"><col class="c-share"></colgroup>'
        '<thead><tr><th scope="col">Show</th><th scope="col" class="num">Findings</th>'
        '<th scope="col"><span class="visually-hidden">Share</span></th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def rules_table(manuscript: Manuscript, rules: dict[str, Rule]) -> str:
    counts = Counter(placed.located.rule for placed in manuscript.findings)
    if not counts:
        return ""
    order = {family: n for n, family in enumerate(manuscript.families)}
    listed = sorted(counts, key=lambda r: (order[rules[r].family], -counts[r], r))
    rows = []
    for rule_id in listed:
        rule = rules[rule_id]
        first = next(p.id for p in manuscript.findings if p.located.rule == rule_id)
        rows.append(
            f'<tr class="fam-{escape(rule.family)}" data-rule="{escape(rule_id)}">'
            f'<td><input type="checkbox" checked data-filter-rule="{escape(rule_id)}" '
            f'aria-label="Show {escape(rule_id)}"></td>'
            f'<td><a class="rule-id" href="#f-{first}" data-goto="{first}">'
            f"<code>{escape(rule_id)}</code></a></td>"
            f"<td>{escape(rule.summary)}</td>"
            f'<td class="num" data-count="{counts[rule_id]}">{number(counts[rule_id])}</td></tr>'
        )
    opened = " open" if len(rows) <= RULES_OPEN else ""
    return (
        f'<details class="by-rule"{opened}><summary>By rule: {plural(len(rows), "rule")} '
        "with findings (show or hide each)</summary>"
        '<table class="rules-table"><thead><tr>'
        '<th scope="col">Show</th><th scope="col">Rule (first finding)</th>'
        '<th scope="col">What it catches</th><th scope="col" class="num">Findings</th>'
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table></details>"
    )


def _patterns(families: list[str]) -> str:
    """A fill per family: plain, hatched, dotted, cross-hatched, so grey prints differ."""
    shapes = [
        "",
        '<path d="M-1,1 l2,-2 M0,6 l6,-6 M5,7 l2,-2" class="ink"/>',
        '<circle cx="3" cy="3" r="1.3" class="ink"/>',
        '<path d="M0,0 L6,6 M6,0 L0,6" class="ink"/>',
    ]
    defs = []
    for n, family in enumerate(families):
        shape = shapes[n % len(shapes)]
        defs.append(
            f'<pattern id="fill-{escape(family)}" class="fam-{escape(family)}" width="6" '
            f'height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" class="bg"/>'
            f"{shape}</pattern>"
        )
    return f"<defs>{''.join(defs)}</defs>"


def chart(manuscript: Manuscript) -> str:
    """Findings per chapter as stacked bars, one colour and pattern per family."""
    count = len(manuscript.chapters)
    families = manuscript.families
    per_chapter = [manuscript.family_counts(n) for n in range(count)]
    highest = max((sum(c.values()) for c in per_chapter), default=0)
    plot_height = CHART_HEIGHT - _BOTTOM - _TOP
    slot = (CHART_WIDTH - _LEFT) / max(count, 1)
    width = max(min(slot * 0.72, 40), 1.5)
    label_every = max(1, -(-count // 24))
    parts = [_patterns(families)]
    parts.append(
        f'<line class="axis" x1="{_LEFT}" y1="{_TOP + plot_height}" x2="{CHART_WIDTH}" '
        f'y2="{_TOP + plot_height}"/>'
        f'<text class="tick" x="{_LEFT - 6}" y="{_TOP + 4}" text-anchor="end">{highest}</text>'
        f'<text class="tick" x="{_LEFT - 6}" y="{_TOP + plot_height}" text-anchor="end">0</text>'
    )
    for n, counts in enumerate(per_chapter):
        x = _LEFT + n * slot + (slot - width) / 2
        total = sum(counts.values())
        spelled = ", ".join(f"{f} {counts[f]}" for f in families if counts[f])
        label = f"{chapter_label(manuscript, n)}: {plural(total, 'finding')}"
        label += f" ({spelled})" if spelled else ""
        bars = []
        y = _TOP + plot_height
        for family in families:
            if not counts[family]:
                continue
            height = plot_height * counts[family] / highest
            y -= height
            bars.append(
                f'<rect class="fam-{escape(family)}" x="{x:.1f}" y="{y:.1f}" '
                f'width="{width:.1f}" height="{height:.1f}" fill="url(#fill-{escape(family)})"/>'
            )
        hit = (
            f'<rect class="hit" x="{_LEFT + n * slot:.1f}" y="{_TOP}" width="{slot:.1f}" '
            f'height="{plot_height}"/>'
        )
        tick = ""
        if n % label_every == 0 or count <= 24:
            tick = (
                f'<text class="tick" x="{x + width / 2:.1f}" y="{CHART_HEIGHT - 6}" '
                f'text-anchor="middle">{n + 1}</text>'
            )
        parts.append(
            f'<a href="#ch-{n}" data-chapter="{n}" aria-label="{escape(label)}">'
            f"<title>{escape(label)}</title>{hit}{''.join(bars)}{tick}</a>"
        )
    legend = "".join(
        f'<li class="fam-{escape(f)}"><svg width="14" height="14" aria-hidden="true">'
        f'<rect width="14" height="14" fill="url(#fill-{escape(f)})"/></svg>{escape(f)}</li>'
        for f in families
    )
    return (
        '<figure class="panel chart"><figcaption id="chart-title">Findings per chapter</figcaption>'
        f'<svg viewBox="0 0 {CHART_WIDTH} {CHART_HEIGHT}" role="group" '
        f'aria-labelledby="chart-title">{"".join(parts)}</svg>'
        f'<ul class="legend" aria-label="Families">{legend}</ul></figure>'
    )
