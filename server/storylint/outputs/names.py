"""The cast found, for ``storylint names``: a table, or a ready-to-paste ``[names]``
config section (full names where the text uses them, variants left out)."""

from __future__ import annotations

import json

from storylint.checks.names.report import NameRow

#: A name seen fewer times than this is left out of the ``--toml`` cast list.
TOML_MIN = 2


def render_text(rows: list[NameRow]) -> str:
    if not rows:
        return "No character names found.\n"
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


def render_toml(rows: list[NameRow]) -> str:
    """A ``[names]`` section listing the cast (full names where the text has them)."""
    cast: list[str] = []
    covered: set[str] = set()
    for row in rows:
        if row.count < TOML_MIN or row.name in covered:
            continue
        entry = row.full_name or row.name
        covered.update(entry.split())
        if entry not in cast:
            cast.append(entry)
    lines = ["[names]", "cast = ["]
    lines.extend(f"  {json.dumps(entry, ensure_ascii=False)}," for entry in cast)
    lines.append("]")
    notes = [
        f"# {json.dumps(v, ensure_ascii=False)} ({n}) looks like a misspelling of "
        f"{json.dumps(row.name, ensure_ascii=False)}"
        for row in rows
        for v, n in row.variants
    ]
    return "\n".join(lines + notes) + "\n"
