"""The name rules: a name spelled another way elsewhere, a name not in the cast list, a
name missing its possessive apostrophe. Document kinds: they read the names index of
every document checked together.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from storylint.checks.context import DocumentContext
from storylint.checks.names.cast import cast_of
from storylint.checks.names.clusters import Suspect, suspects
from storylint.checks.names.index import (
    Form,
    NameIndex,
    paragraph_names,
    s_possessives,
)
from storylint.checks.names.works import workspace_index
from storylint.checks.registry import Rule, document_kind
from storylint.data import word_list
from storylint.findings import Finding, Fix, Related
from storylint.parse.conventions import apostrophe_in
from storylint.parse.document import Document


def _times(count: int) -> str:
    return {1: "once", 2: "twice"}.get(count, f"{count} times")


def _usual_place(index: NameIndex, form: Form) -> str:
    return f"“{form.text}” appears {_times(form.count)}, first in {index.place(form)}"


def _related(index: NameIndex, form: Form | None) -> tuple[Related, ...]:
    if form is None or form.first is None:
        return ()
    path, start = form.first
    return (Related(path, start, start + len(form.text), f"“{form.text}” is first used here"),)


def _suspect_findings(
    document: Document, index: NameIndex, rule: Rule, wanted: dict[str, Suspect]
) -> Iterator[Finding]:
    if not wanted:
        return
    for paragraph, block in zip(document.paragraphs, document.blocks, strict=True):
        found = paragraph_names(paragraph)
        if wanted.keys().isdisjoint(found.forms):
            continue  # the common case, decided without a look at each mention
        for mention in found.mentions:
            suspect = wanted.get(mention.form)
            if suspect is None or _in_quotes(paragraph.text, mention.start, mention.end):
                continue
            form = suspect.form
            if suspect.cast_entry is not None:
                message = rule.data["message"].format(
                    name=form.text, usual=suspect.usual, entry=suspect.cast_entry
                )
                if suspect.usual_form is not None:
                    message += "; " + _usual_place(index, suspect.usual_form)
            else:
                message = rule.data["message"].format(
                    name=form.text,
                    times=_times(form.count),
                    usual=_usual_place(index, suspect.usual_form),
                )
            start = block.source_start(mention.start)
            yield Finding(
                rule.id,
                start,
                block.source_end(mention.end),
                message,
                (Fix(suspect.usual, f"Replace with “{suspect.usual}”", safe=False),),
                _related(index, suspect.usual_form),
                form.text,
            )


def _in_quotes(text: str, start: int, end: int) -> bool:
    """The word alone in quotation marks (‘Croaker’): a nickname or a word quoted."""
    return start > 0 and text[start - 1] in "‘“'\"" and text[end : end + 1] in ("’", "”", "'", '"')


@document_kind("name-variant")
def name_variant(document: Document, context: DocumentContext, rule: Rule) -> Iterator[Finding]:
    """A rare spelling of a name that is usually spelled another way."""
    index = workspace_index(document, context.workspace)
    found = suspects(index, cast_of(context.config))
    wanted = {k: s for k, s in found.items() if s.cast_entry is None}
    yield from _suspect_findings(document, index, rule, wanted)


@document_kind("name-not-in-cast")
def name_not_in_cast(document: Document, context: DocumentContext, rule: Rule) -> Iterator[Finding]:
    """A name close to a name of the cast list, but not in it."""
    cast = cast_of(context.config)
    if not cast.words:
        return
    index = workspace_index(document, context.workspace)
    found = suspects(index, cast)
    wanted = {k: s for k, s in found.items() if s.cast_entry is not None}
    yield from _suspect_findings(document, index, rule, wanted)


_NEXT_TWO = re.compile(r"[ \t]+([a-z]+)[ \t\n]+([a-z]+)")
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})


def _is_verb(word: str) -> bool:
    return (len(word) > 4 and word.endswith("ed")) or word in word_list("name-verbs")


@document_kind("missing-possessive")
def missing_possessive(
    document: Document, context: DocumentContext, rule: Rule
) -> Iterator[Finding]:
    """A name, then a noun it owns, then a verb: "Tobias eyes narrowed"."""
    index = workspace_index(document, context.workspace)
    known = index.names | cast_of(context.config).words
    nouns = word_list("possessed")
    bare_habit: bool | None = None
    for paragraph, block in zip(document.paragraphs, document.blocks, strict=True):
        found = paragraph_names(paragraph)
        if known.isdisjoint(found.forms):
            continue  # no name here (decided without a look at each mention)
        text = paragraph.text
        for name, start in zip(found.forms, found.starts, strict=True):
            if name not in known:
                continue
            end = start + len(name)
            match = _NEXT_TWO.match(text, end)
            if match is None or match.group(1) not in nouns or not _is_verb(match.group(2)):
                continue
            before = text[:start].split()
            if before and before[-1].lower() in _DETERMINERS:
                continue
            apostrophe = apostrophe_in(text, context.conventions)
            if name.endswith("s"):
                if bare_habit is None:
                    bare_habit = _bare_habit(index)
                fixed = name + apostrophe + ("" if bare_habit else "s")
            else:
                fixed = name + apostrophe + "s"
            yield Finding(
                rule.id,
                block.source_start(start),
                block.source_end(end),
                rule.data["message"].format(name=name, fixed=fixed, noun=match.group(1)),
                (Fix(fixed, f"Write “{fixed}”", safe=False),),
                subject=name,
            )


def _bare_habit(index: NameIndex) -> bool:
    """The manuscript (every document checked together) writes "Jones’ hat" more often
    than "Jones’s hat"."""
    habit = index.memo.get("bare-possessive")
    if habit is None:
        with_s = bare = 0
        for document in index.documents.values():
            for paragraph in document.paragraphs:
                one, other = s_possessives(paragraph.text)
                with_s += one
                bare += other
        habit = index.memo["bare-possessive"] = bare > with_s
    return habit
