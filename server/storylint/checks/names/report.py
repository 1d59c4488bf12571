"""The cast found in a set of documents: each name, its count, variants, first place.

Used by ``storylint names``: :func:`cast_report` turns a :class:`NameIndex` into rows
(:mod:`storylint.outputs.names` prints them). :func:`add_mentions` also gives each row
where the name and each of its variants are written (``storylint report`` shows it).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from storylint.checks.names.cast import Cast
from storylint.checks.names.clusters import suspects
from storylint.checks.names.index import NameIndex, paragraph_names


@dataclass
class NameRow:
    """One name of the report."""

    name: str
    count: int
    first: str
    variants: list[tuple[str, int]] = field(default_factory=list)
    full_name: str | None = None
    in_cast: bool = False
    #: Source offsets of the name's mentions, by document path (see :func:`add_mentions`).
    mentions: dict[str, list[int]] = field(default_factory=dict)
    #: The same for each variant spelling, by variant.
    variant_mentions: dict[str, dict[str, list[int]]] = field(default_factory=dict)


@dataclass
class WorkCast:
    """The names of one work: its files (as shown) and a row per name."""

    files: list[str]
    rows: list[NameRow]


def full_names(index: NameIndex) -> Counter[str]:
    """Runs of two or more names written together ("Isaac Vasquez"), counted."""
    names = index.names
    found: Counter[str] = Counter()
    for document in index.documents.values():
        for paragraph in document.paragraphs:
            run: list[str] = []
            for mention in paragraph_names(paragraph).mentions:
                if mention.form in names and run and mention.joined:
                    run.append(mention.form)
                    continue
                if len(run) > 1:
                    found[" ".join(run)] += 1
                run = [mention.form] if mention.form in names else []
            if len(run) > 1:
                found[" ".join(run)] += 1
    return found


def cast_report(index: NameIndex, cast: Cast) -> list[NameRow]:
    """Every name of the index with evidence of being one (seen mid-sentence or after
    a title, once or often), most frequent first; a suspect
    spelling is listed as a variant of the name it is probably meant to be (a cast name
    the text never uses gets a row of its own, count 0)."""
    found = suspects(index, cast)
    rows: dict[str, NameRow] = {}
    for form in index.forms.values():
        if form.text in index.names and form.text not in found and form.evidence:
            rows[form.text] = NameRow(
                form.text, form.count, index.place(form), in_cast=form.text in cast.words
            )
    for suspect in found.values():
        row = rows.get(suspect.usual)
        if row is None:  # a cast name the text never uses
            row = rows[suspect.usual] = NameRow(suspect.usual, 0, "-", in_cast=True)
        row.variants.append((suspect.form.text, suspect.form.count))
    for full, _ in full_names(index).most_common():
        words = full.split()
        if any(word in found for word in words):
            continue
        for word in words:
            row = rows.get(word)
            if row is not None and row.full_name is None:
                row.full_name = full
    return sorted(rows.values(), key=lambda r: (-r.count, r.name))


def add_mentions(rows: list[NameRow], index: NameIndex) -> None:
    """Fill each row's :attr:`~NameRow.mentions` and :attr:`~NameRow.variant_mentions`
    from the paragraphs of ``index`` (in document order)."""
    wanted: dict[str, dict[str, list[int]]] = {}
    for row in rows:
        row.mentions = wanted.setdefault(row.name, {})
        row.variant_mentions = {v: wanted.setdefault(v, {}) for v, _ in row.variants}
    forms = wanted.keys()
    for path, document in index.documents.items():
        for paragraph, block in zip(document.paragraphs, document.blocks, strict=True):
            found = paragraph_names(paragraph)
            if forms.isdisjoint(found.forms):
                continue
            for form, start in zip(found.forms, found.starts, strict=True):
                places = wanted.get(form)
                if places is not None:
                    places.setdefault(path, []).append(block.source_start(start))
