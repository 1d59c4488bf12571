"""The cast found, for ``storylint names``: a table per work, or a ready-to-paste
``[names]`` config section (full names where the text uses them; spellings that look
like slips are left out of the list, each named in a comment)."""

from __future__ import annotations

import json

from storylint.checks.names.report import NameRow, WorkCast


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def render_text(works: list[WorkCast]) -> str:
    if not any(work.rows for work in works):
        return "No character names found.\n"
    parts = []
    for number, work in enumerate(works, 1):
        head = ""
        if len(works) > 1:
            head = f"Work {number} of {len(works)}: {', '.join(work.files)}\n"
        parts.append(head + (_table(work.rows) if work.rows else "No character names found.\n"))
    return "\n".join(parts)


def _table(rows: list[NameRow]) -> str:
    width = max(len("name"), *(len(r.name) for r in rows))
    place = max(len("first appearance"), *(len(r.first) for r in rows))
    lines = [f"{'name':<{width}}  {'count':>5}  {'first appearance':<{place}}  variants"]
    for row in rows:
        variants = ", ".join(f"{v} ({n})" for v, n in row.variants)
        extra = []
        if row.full_name:
            extra.append(f"as {row.full_name}")
        if row.in_cast:
            extra.append("in cast")
        note = f"  [{'; '.join(extra)}]" if extra else ""
        lines.append(
            f"{row.name:<{width}}  {row.count:>5}  {row.first:<{place}}  {variants or '-'}{note}"
        )
    return "\n".join(lines) + "\n"


def render_toml(works: list[WorkCast]) -> str:
    """A ``[names]`` section listing every name found (full names where the text has
    them), work by work; each spelling left out because it looks like a slip for
    another is named in a comment."""
    lines = ["[names]", "cast = ["]
    notes: list[str] = []
    listed: set[str] = set()
    for work in works:
        if len(works) > 1:
            lines.append(f"  # {', '.join(work.files)}")
        covered: set[str] = set()
        for row in work.rows:
            if row.name in covered:
                continue
            entry = row.full_name or row.name
            covered.update(entry.split())
            if entry not in listed:
                listed.add(entry)
                lines.append(f"  {_quoted(entry)},")
            notes.extend(
                f"# not listed: {_quoted(v)} ({n}) looks like a misspelling of {_quoted(row.name)}"
                for v, n in row.variants
            )
    lines.append("]")
    return "\n".join(lines + notes) + "\n"
