"""The report page: one HTML file with its CSS and JavaScript inline (no network needed).

Assembled from the manuscript (:mod:`.model`): a header with the navigation, the summary,
each chapter (its findings listed, its text embedded as JSON and rendered by the script
when the chapter is opened, block by block), the cast, the rules' explanations, and the
panel that shows a finding. All text is escaped, and the JSON payloads cannot end their
``<script>`` element (every ``<`` in them is written ``\\u003c``). The page's
Content-Security-Policy runs only its own script (by its hash) and allows no connection.
"""

from __future__ import annotations

import base64
import hashlib
import json
from html import escape
from importlib import resources

from storylint.checks.registry import Rule
from storylint.outputs.json import as_dict
from storylint.outputs.report.cast import cast_section
from storylint.outputs.report.explain import explanation_html
from storylint.outputs.report.model import Manuscript, Placed
from storylint.outputs.report.summary import (
    chart,
    families_table,
    number,
    plural,
    rules_table,
    stats,
)

#: The ``content`` of the page's ``<meta name="generator">`` starts with this.
GENERATOR = "storylint"
#: A manuscript of at most this many words opens with every chapter open.
OPEN_WORDS = 30_000
#: Characters of a finding's text the panel shows.
_TEXT_CHARS = 160
_FIX_LABEL = {"safe": "safe fix", "unsafe": "suggested fix", "none": "no fix"}


def asset(name: str) -> str:
    """The text of one of the page's files (``report.css``, ``report.js``)."""
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def script_json(data: object) -> str:
    """``data`` as JSON that can stand inside ``<script>``: no ``<`` in it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c")


def _fix_text(placed: Placed) -> str:
    fixes = placed.located.report.finding.fixes
    if not fixes:
        return ""
    fix = fixes[0]
    shown = f"“{fix.replacement}”" if fix.replacement else "delete it"
    return f'<span class="fix">Fix: {escape(shown)}</span>'


def _finding_item(placed: Placed) -> str:
    item = placed.located
    return (
        f'<li class="fam-{escape(placed.family)}" data-f="{placed.id}" value="{placed.id + 1}">'
        f'<a href="#f-{placed.id}" data-goto="{placed.id}"><span class="where">'
        f"{item.line}:{item.column}</span> <code>{escape(item.rule)}</code></a> "
        f'<span class="message">{escape(item.message)}</span> {_fix_text(placed)}</li>'
    )


def _chapter(manuscript: Manuscript, index: int, opened: bool) -> str:
    chapter = manuscript.chapters[index]
    mine = manuscript.in_chapter(index)
    counts = manuscript.family_counts(index)
    spelled = ", ".join(f"{f} {counts[f]}" for f in manuscript.families if counts[f])
    meta = f"{plural(chapter.words, 'word')} · {plural(len(mine), 'finding')}"
    meta += f" ({spelled})" if spelled else ""
    listing = ""
    if mine:
        listing = (
            f'<details class="findings-list"><summary>{plural(len(mine), "finding")} in this '
            f"chapter</summary><ol>{''.join(_finding_item(p) for p in mine)}</ol></details>"
        )
    name = escape(chapter.title) if chapter.title else escape(chapter.path)
    path = f'<span class="path">{escape(chapter.path)}</span>' if chapter.title else ""
    hidden = "" if opened else " hidden"
    return (
        f'<section class="chapter" id="ch-{index}" data-chapter="{index}">'
        f'<h3 class="chapter-title"><button type="button" class="toggle" '
        f'aria-expanded="{str(opened).lower()}" aria-controls="ch-{index}-body">'
        f'<span class="chev" aria-hidden="true"></span><span class="number">{index + 1}</span>'
        f'<span class="name">{name}</span>{path}</button></h3>'
        f'<p class="chapter-meta">{meta}</p>'
        f'<div class="chapter-body" id="ch-{index}-body"{hidden}>{listing}'
        f'<div class="text" data-chapter="{index}" aria-label="Text of {name}">'
        '<noscript><p class="empty">The chapter text is shown by the page\'s script; '
        "its findings are listed above.</p></noscript></div></div></section>"
    )


def chapters_section(manuscript: Manuscript, opened: bool) -> str:
    chapters = "".join(_chapter(manuscript, n, opened) for n in range(len(manuscript.chapters)))
    return (
        '<section id="chapters" aria-labelledby="chapters-title">'
        '<div class="section-head"><h2 id="chapters-title">Chapters</h2>'
        '<div class="tools"><button type="button" id="open-all">Open all</button>'
        '<button type="button" id="close-all">Close all</button></div></div>'
        f"{chapters}</section>"
    )


def rules_section(manuscript: Manuscript, rules: dict[str, Rule]) -> str:
    counts: dict[str, int] = {}
    for placed in manuscript.findings:
        counts[placed.located.rule] = counts.get(placed.located.rule, 0) + 1
    items = []
    for rule_id in sorted(counts):
        rule = rules[rule_id]
        meta = (
            f"{rule.severity.value} · {_FIX_LABEL.get(rule.fix, rule.fix)} · "
            f"{plural(counts[rule_id], 'finding')}"
        )
        items.append(
            f'<details class="rule fam-{escape(rule.family)}" id="rule-{escape(rule_id)}">'
            f"<summary><code>{escape(rule_id)}</code> "
            f'<span class="summary-text">{escape(rule.summary)}</span> '
            f'<span class="meta">{meta}</span></summary>'
            f'<div class="explanation">{explanation_html(rule.explanation)}</div></details>'
        )
    if not items:
        return ""
    return (
        '<section id="rules" aria-labelledby="rules-title"><h2 id="rules-title">Rules in this '
        'report</h2><p class="lede">What each rule looks for, why, and what to write '
        "instead (<code>storylint rules ID</code> prints the same).</p>"
        f"{''.join(items)}</section>"
    )


def _payload(manuscript: Manuscript, rules: dict[str, Rule], opened: bool) -> dict:
    findings = []
    for placed in manuscript.findings:
        item = placed.located
        source = manuscript.files[manuscript.chapters[placed.chapter].file]
        entry = as_dict(item)
        entry.update(
            id=placed.id,
            chapter=placed.chapter,
            block=placed.block,
            family=placed.family,
            start=item.report.start,
            text=source.text[item.report.start : item.report.end][:_TEXT_CHARS],
        )
        findings.append(entry)
    used = {placed.located.rule for placed in manuscript.findings}
    return {
        "open": opened,
        "rules": {
            rule_id: {
                "summary": rules[rule_id].summary,
                "family": rules[rule_id].family,
                "fix": _FIX_LABEL.get(rules[rule_id].fix, rules[rule_id].fix),
            }
            for rule_id in sorted(used)
        },
        "chapters": [{"title": c.title, "path": c.path} for c in manuscript.chapters],
        "findings": findings,
    }


def _texts(manuscript: Manuscript) -> str:
    return "".join(
        f'<script type="application/json" id="text-{n}">'
        + script_json([[b.start, b.line, int(b.continued), b.pieces] for b in blocks])
        + "</script>"
        for n, blocks in enumerate(manuscript.blocks)
    )


def _detail_panel(manuscript: Manuscript) -> str:
    legend = "".join(
        f'<li><span class="sample fam-{escape(f)}">{escape(f)}</span></li>'
        for f in manuscript.families
    )
    return (
        '<aside id="detail" class="detail" aria-labelledby="detail-heading">'
        '<h2 id="detail-heading" class="visually-hidden">Finding</h2>'
        '<div class="detail-empty"><p>Click a marked passage (or press <kbd>N</kbd>) to see '
        "what storylint found there: the message, the fix and the rule's explanation.</p>"
        f'<ul class="marks-legend" aria-label="How each family is marked">{legend}</ul>'
        '<p class="keys"><kbd>N</kbd> next · <kbd>P</kbd> previous · <kbd>Esc</kbd> close'
        "</p></div>"
        '<div class="detail-card" id="detail-card" hidden></div></aside>'
    )


def render(
    manuscript: Manuscript,
    rules: dict[str, Rule],
    *,
    title: str,
    version: str,
    generated: str,
) -> str:
    """The whole page (``rules``: at least every rule with a finding, by id)."""
    opened = manuscript.words <= OPEN_WORDS
    script = asset("report.js")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    policy = (
        f"default-src 'none'; script-src 'sha256-{digest}'; style-src 'unsafe-inline'; "
        "base-uri 'none'; form-action 'none'"
    )
    count = len(manuscript.findings)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="color-scheme" content="light dark">'
        f'<meta name="generator" content="{GENERATOR} {escape(version)}">'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
        f"<title>{escape(title)} — storylint report</title>"
        f"<style>{asset('report.css')}</style></head><body>"
        '<a class="skip" href="#chapters">Skip to the chapters</a>'
        '<header class="top"><div class="brand">'
        f'<h1><span class="product">storylint report</span> {escape(title)}</h1>'
        f'<p class="generated">Made by storylint {escape(version)} on {escape(generated)}'
        "</p></div>"
        '<nav class="toolbar" aria-label="Report"><ul class="sections">'
        '<li><a href="#summary">Summary</a></li><li><a href="#chapters">Chapters</a></li>'
        '<li><a href="#cast">Cast</a></li>'
        f"{'<li><a href=#rules>Rules</a></li>' if count else ''}</ul>"
        '<div class="stepper"><button type="button" id="prev" aria-keyshortcuts="P" '
        'title="Previous finding (P)">↑ Previous</button>'
        f'<span id="position" class="position">{plural(count, "finding")}'
        '</span><button type="button" id="next" aria-keyshortcuts="N" '
        'title="Next finding (N)">Next ↓</button></div></nav></header>'
        '<div class="layout"><main id="main">'
        '<section id="summary" aria-labelledby="summary-title">'
        '<h2 id="summary-title">Summary</h2>'
        f"{stats(manuscript)}"
        f'<div class="summary-grid">{chart(manuscript)}{families_table(manuscript)}</div>'
        f"{rules_table(manuscript, rules)}</section>"
        f"{chapters_section(manuscript, opened)}"
        f"{cast_section(manuscript)}"
        f"{rules_section(manuscript, rules)}"
        f"</main>{_detail_panel(manuscript)}</div>"
        '<div id="tooltip" class="tooltip" role="tooltip" hidden></div>'
        '<div id="announce" class="visually-hidden" aria-live="polite"></div>'
        '<script type="application/json" id="report-data">'
        f"{script_json(_payload(manuscript, rules, opened))}</script>"
        f"{_texts(manuscript)}"
        f"<script>{script}</script></body></html>\n"
    )


def summary_line(manuscript: Manuscript) -> str:
    """What the command prints once the page is written."""
    return (
        f"{plural(len(manuscript.findings), 'finding')} in {plural(len(manuscript.files), 'file')}"
        f" ({plural(len(manuscript.chapters), 'chapter')}, {number(manuscript.words)} words)"
    )
