"""Suspect spellings of names, each with the spelling it is probably meant to be.

Without a cast list, frequency decides: a rare spelling (at most a third as frequent as
the other, which is seen at least three times) is the suspect, the frequent one the
suggestion, and it must be seen at least once mid-sentence or after a title. A suspect
must be a name by the index's evidence and not an English word
("Marry" is not a misspelt "Mary"). With a cast list, a name close to a cast name that
is not itself in the cast is a suspect even when it is seen once; cast names are never
suspects. ``different`` in the config keeps pairs apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from storylint.checks.names.cast import Cast
from storylint.checks.names.index import Form, NameIndex
from storylint.checks.names.lexicon import not_names
from storylint.checks.names.variants import MIN_LENGTH, are_variants
from storylint.data import is_english_word

USUAL_MIN = 3  # the usual spelling is seen at least this often
RATIO = 3  # ... and at least this many times as often as the suspect


@dataclass(frozen=True, slots=True)
class Suspect:
    """A spelling that is probably ``usual`` mistyped."""

    form: Form
    usual: str
    #: The usual spelling's entry in the index (None: a cast name never written).
    usual_form: Form | None
    #: The cast entry the usual spelling comes from, when it is a cast name.
    cast_entry: str | None = None


def suspects(index: NameIndex, cast: Cast) -> dict[str, Suspect]:
    """Every suspect spelling in the index under ``cast``, by spelling (cached)."""
    cache = index.memo.setdefault("suspects", {})
    found = cache.get(cast)
    if found is None:
        found = cache[cast] = _find(index, cast)
    return found


def _find(index: NameIndex, cast: Cast) -> dict[str, Suspect]:
    excluded = not_names()
    candidates = [
        form
        for form in index.forms.values()
        if len(form.text) >= MIN_LENGTH
        and form.text not in cast.words
        and not index.written_lowercase(form.text)
        and form.text.lower() not in excluded
    ]
    found = _near_cast(index, cast, candidates) if cast.words else {}
    found.update(_rarer_spellings(index, cast, candidates, found))
    return found


def _near_cast(index: NameIndex, cast: Cast, candidates: list[Form]) -> dict[str, Suspect]:
    """Candidates one slip away from a name of the cast list."""
    found: dict[str, Suspect] = {}
    by_initial: dict[str, list[str]] = {}
    for word in cast.words:
        if len(word) >= MIN_LENGTH:
            by_initial.setdefault(word[0].lower(), []).append(word)
    for form in candidates:
        if not form.evidence and is_english_word(form.text):
            continue
        for word in by_initial.get(form.text[0].lower(), ()):
            if are_variants(form.text, word) and not cast.different(form.text, word):
                found[form.text] = Suspect(form, word, index.forms.get(word), cast.entry(word))
                break
    return found


def _rarer_spellings(
    index: NameIndex, cast: Cast, candidates: list[Form], taken: dict[str, Suspect]
) -> dict[str, Suspect]:
    """Candidates (not ``taken``) one slip away from a name written far more often."""
    # imported here, not at the top: only the names rules pay rapidfuzz's start-up
    from rapidfuzz import process
    from rapidfuzz.distance import DamerauLevenshtein

    names = index.names
    usual = [
        f for f in index.forms.values() if f.count >= USUAL_MIN and f.evidence and f.text in names
    ]
    found: dict[str, Suspect] = {}
    if not usual:
        return found
    usual_by_initial: dict[str, tuple[list[Form], list[str]]] = {}
    for other in usual:
        group = usual_by_initial.setdefault(other.text[0].lower(), ([], []))
        group[0].append(other)
        group[1].append(other.text.lower())
    most = max(f.count for f in usual)
    for form in candidates:
        group = usual_by_initial.get(form.text[0].lower())
        if (
            group is None
            or form.text in taken
            or form.text not in names
            or form.count * RATIO > most
            or is_english_word(form.text)
        ):
            continue
        best: Form | None = None
        # extract, not extract_iter: the iterator leaves reference cycles behind, which
        # the server's frozen heap (lsp/collector.py) would never free; in list order,
        # so that ties go to the first spelling as before
        matches = process.extract(
            form.text.lower(),
            group[1],
            scorer=DamerauLevenshtein.distance,
            score_cutoff=1,
            limit=None,
        )
        for _, _, at in sorted(matches, key=lambda match: match[2]):
            other = group[0][at]
            if (
                other.count >= form.count * RATIO
                and are_variants(form.text, other.text)
                and not cast.different(form.text, other.text)
                and (best is None or other.count > best.count)
            ):
                best = other
        if best is not None:
            found[form.text] = Suspect(form, best.text, best)
    return found
