"""The names index: the capitalised words of a workspace, counted, and which are names.

Each paragraph is read once (the result is kept in ``Paragraph.memo``): every capitalised
word with where it stands (mid-sentence, at a possible sentence start, after a title such
as "Mr." or "Captain"), possessives and contractions taken off ("Tobias’s" counts as
"Tobias"), and every word written in lowercase. ALL-CAPS words and headings are not
evidence of anything. The :class:`NameIndex` adds the paragraphs of every document
checked together; a word is a *name* when it is capitalised in the middle of a sentence
or after a title, is never written in lowercase anywhere, and is not a capitalised
ordinary word ("God", "Monday", "Alpha"); a word seen only at sentence starts is a name
only when it is not an English word at all.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Set
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress
from typing import TYPE_CHECKING, NamedTuple

from storylint.checks.names.lexicon import (
    heading_words,
    not_names,
    number_words,
    titles,
)
from storylint.data import is_english_word

if TYPE_CHECKING:
    from storylint.parse.document import Document
    from storylint.parse.paragraph import Paragraph

MID = 0  # capitalised in the middle of a sentence
START = 1  # at a possible sentence start (or in a heading): no evidence
TITLE = 2  # right after a title ("Mr.", "Captain")

_UPPER = "A-ZÀ-ÖØ-Þ"
_CAPITALISED = re.compile(rf"[{_UPPER}][^\W_]*(?:['’][^\W_]+)*")
# A lowercase word not inside another: the lookbehind comes after the first letter (it
# looks at the character before that letter), where it leaves the regex its fast scan for
# a first letter; in front of the letter it would be tried at every position.
_LOWERCASE = re.compile(r"[a-zß-öø-ÿ](?<![^\W_'’].)[^\W_]*(?:['’][^\W_]+)*")
_SUFFIXES = frozenset({"s", "ll", "d", "ve", "re", "m"})
_SKIP_BACK = " \t\n\u00a0_*([\u2009\u200a"
_OPENING = "“‘"
_CLOSING = "”’"
_STRAIGHT = "\"'"
#: The apostrophes names have: O'Brien, D'Arcy, N'Dour (one capital, then a capital).
_NAME_APOSTROPHE = re.compile(rf"[{_UPPER}]['’][{_UPPER}][^\W_]+|[^'’]+")
_ENDS = "!?…:"
_DASHES = "—–―-"
_HEADING_PUNCT = re.compile(r"[.!?,;\"“”]")
_S_POSSESSIVE = re.compile(r"(?<![^\W_])[A-Z][^\W_]*s['’]s(?![^\W_])")
# "the Joneses’ dog" is a family's (plural) possessive, not a habit for singular names.
_S_BARE = re.compile(r"(?<![^\W_])(?<![Tt]he )[A-Z][^\W_]*s['’](?=\s+[a-z])")
_DRAWN_OUT = re.compile(r"(.)\1\1")
KEY = "names"


class Mention(NamedTuple):
    """A capitalised word in a paragraph: its form (stem), span and standing."""

    form: str
    start: int
    end: int
    where: int
    #: Separated from the previous mention by one space only (part of a multi-word name).
    joined: bool


class ParagraphNames(NamedTuple):
    """What one paragraph contributes to the names index: its mentions, one column per
    field (the index counts whole columns; :attr:`mentions` gives them one by one). A
    named tuple: made once per paragraph, it costs less than a frozen dataclass."""

    forms: tuple[str, ...]
    starts: tuple[int, ...]
    wheres: tuple[int, ...]
    joined: tuple[bool, ...]
    #: A heading: its capitalised words are no evidence, its words no lowercase evidence.
    heading: bool

    @property
    def mentions(self) -> tuple[Mention, ...]:
        return tuple(
            Mention(form, start, start + len(form), where, joined)
            for form, start, where, joined in zip(
                self.forms, self.starts, self.wheres, self.joined, strict=True
            )
        )


def _keep_on_release() -> None:
    from storylint.parse.paragraph import Paragraph

    Paragraph.KEPT.add(KEY)  # the index and the names rules read it after the others ran


_keep_on_release()


def paragraph_names(paragraph: Paragraph) -> ParagraphNames:
    """The capitalised words of a paragraph (cached on it)."""
    found = paragraph.memo.get(KEY)
    if found is None:
        found = paragraph.memo[KEY] = _read(paragraph.text, paragraph.kind)
    return found


def _read(text: str, kind: str) -> ParagraphNames:
    heading = kind in ("heading", "cell") or _looks_like_heading(text)
    title_words = titles()
    forms: list[str] = []
    starts: list[int] = []
    wheres: list[int] = []
    joins: list[bool] = []
    previous_end = -2
    previous_title = False
    for match in _CAPITALISED.finditer(text):
        start, end = match.span()
        before = text[start - 1] if start else " "
        if before.isalnum() or before == "_":
            continue  # inside a word: iPhone
        if end - start == 1:  # "I", "A": too short to be a name (the commonest case)
            previous_end, previous_title = end, False
            continue
        word = _word(match.group())
        if word is None:  # no mention ("TOBIAS", "P'raps"), but a word between two
            previous_end, previous_title = end, False
            continue
        stem, is_title, whole = word
        joined = start == previous_end + 1 and before == " "
        # the commonest cases decided at once, the others by a look back (_standing)
        if heading:
            where = START
        elif previous_title and joined:
            where = TITLE
        elif before == " " and start > 1 and (text[start - 2].isalnum() or text[start - 2] in ",;"):
            where = MID
        elif before == " " and start > 1 and text[start - 2] == ".":
            if _is_initial(text, start - 2):
                where = MID  # "F. Scott"
            elif _after_title(text, start, title_words):
                where = TITLE  # "Mr. Hale"
            else:
                where = START
        elif not start or before in _OPENING:
            where = START
        else:
            where = _standing(text, start)
        forms.append(stem)
        starts.append(start)
        wheres.append(where)
        joins.append(joined)
        previous_end = end if whole else -2  # "Watson’s Jim" is not one name
        previous_title = is_title
    return ParagraphNames(tuple(forms), tuple(starts), tuple(wheres), tuple(joins), heading)


@lru_cache(maxsize=1 << 16)
def _word(word: str) -> tuple[str, bool, bool] | None:
    """A capitalised word (two letters or more) as a mention: its stem, whether that is a
    title, whether it is the whole word; None when it is no mention. (Cached: most words
    come back often.)"""
    stem = word
    if "’" in word or "'" in word:
        stem = _stem(word)
        if not _NAME_APOSTROPHE.fullmatch(stem) and ("'" in stem or "’" in stem):
            return None  # eye-dialect, not a name: P'raps, Mayn't (but O'Brien, D'Arcy)
    if len(stem) < 2 or stem.isupper() or (not stem.isalpha() and _has_digit(stem)):
        return None
    return stem, stem.lower() in titles(), stem is word


def _has_digit(word: str) -> bool:
    return any(c.isdigit() for c in word)


def lowercase_words(texts: Iterable[str]) -> set[str]:
    """Every word written in lowercase in ``texts`` (each distinct token read once)."""
    return _lowercase_and_words(texts)[0]


def _lowercase_and_words(texts: Iterable[str]) -> tuple[set[str], int]:
    """The words written in lowercase in ``texts``, and how many words they have."""
    tokens: set[str] = set()
    words = 0
    for text in texts:
        split = text.split()
        words += len(split)
        tokens.update(split)
    return set(_LOWERCASE.findall(" ".join(tokens))), words


def s_possessives(text: str) -> tuple[int, int]:
    """How often ``text`` writes a name in s as "Jones’s" and as "Jones’"."""
    if "'" not in text and "’" not in text:
        return 0, 0
    return len(_S_POSSESSIVE.findall(text)), len(_S_BARE.findall(text))


def _stem(word: str) -> str:
    """``word`` without a possessive or contraction ending: Tobias’s -> Tobias."""
    for apostrophe in "’'":
        at = word.rfind(apostrophe)
        if at > 0 and word[at + 1 :].lower() in _SUFFIXES:
            return word[:at]
    return word


def _looks_like_heading(text: str) -> bool:
    """A plain-text heading: a short line that opens with a heading word and a number
    ("Chapter 2: What Happened?"), or a short line in title case with no sentence
    punctuation."""
    if len(text) > 80 or "\n" in text.strip():
        return False
    if _opens_with_heading_word(text):
        return True
    if _HEADING_PUNCT.search(text):
        return False
    words = text.split()
    capitalised = sum(1 for w in words if w[:1].isupper() or not w[:1].isalpha())
    return len(words) <= 12 and capitalised * 2 > len(words)


_HEADING_START = re.compile(r"\s*([^\W\d_]+)(\s*[.:])?\s*([^\s.:;,!?—–-]*)")
_ROMAN = re.compile(r"[IVXLCDM]+|[ivxlcdm]+")


def _opens_with_heading_word(text: str) -> bool:
    """The line opens with "Chapter", "Part", "Prologue"... and then a number, a colon,
    full stop, or nothing (the words are in ``rules/lexicon/heading-words.txt``)."""
    match = _HEADING_START.match(text)
    if match is None or match.group(1).lower() not in heading_words():
        return False
    if match.group(2):  # "Prologue: Why?", "Chapter. One"
        return True
    number = match.group(3)
    if not number:
        return not text[match.end() :].strip()
    return (
        number.isdigit()
        or _ROMAN.fullmatch(number) is not None
        or all(part.lower() in number_words() for part in number.split("-"))
    )


def _after_title(text: str, start: int, title_words: frozenset[str]) -> bool:
    """The word at ``start`` follows "Mr. " or "Captain " (a title)."""
    before = text[max(0, start - 16) : start - 1].rsplit(None, 1)
    if not before:
        return False
    word = before[-1]
    if word.endswith("."):
        word = word[:-1]
    return word[:1].isupper() and word.lower() in title_words


def _is_initial(text: str, stop: int) -> bool:
    """The full stop at ``stop`` ends an initial: a capital letter alone ("F. Scott")."""
    letter = text[stop - 1] if stop else ""
    return letter.isalpha() and letter.isupper() and (stop < 2 or not text[stop - 2].isalpha())


def _standing(text: str, start: int) -> int:
    """MID or START for the capitalised word at ``start``, from what comes before it."""
    j = start - 1
    while j >= 0:
        char = text[j]
        if char in _SKIP_BACK or char in _CLOSING:
            j -= 1
        elif char in _OPENING:
            return START
        elif char in _STRAIGHT:
            if start == j + 1 or not text[j + 1].isspace():
                return START  # an opening straight quote
            j -= 1
        else:
            break
    if j < 0:
        return START
    char = text[j]
    if char == ".":
        return MID if _is_initial(text, j) else START
    if char in _ENDS or char in _DASHES:
        return START
    if char.isalnum() or char in ",;)]":
        return MID
    return START


@dataclass(slots=True)
class Form:
    """One capitalised word across the workspace."""

    text: str
    count: int = 0
    mid: int = 0
    titled: int = 0
    #: (path, source offset) of the first mention, in workspace order.
    first: tuple[str, int] | None = None
    per_document: dict[str, int] = field(default_factory=dict)

    @property
    def evidence(self) -> int:
        """Mentions that show a proper noun: mid-sentence or after a title."""
        return self.mid + self.titled


@dataclass(slots=True)
class DocumentNames:
    """One document's share of the names index, kept in ``Document.memo``: each form's
    count (mid-sentence, after a title), where each is first seen, the words written
    in lowercase, and how many words of prose the document has."""

    counts: Counter[str]
    mid: Counter[str]
    titled: Counter[str]
    #: Each form's first mention, as a source offset.
    first: dict[str, int]
    lowercase: frozenset[str]
    words: int

    def judge(self, excluded: frozenset[str]) -> frozenset[str]:
        """The forms this document alone shows to be names (see :meth:`NameIndex.names`)."""
        return frozenset(
            text
            for text in self.counts
            if _is_name(text, self.mid[text] + self.titled[text], self.lowercase, excluded)
        )


def document_names(document: Document) -> DocumentNames:
    """What ``document`` contributes to a names index (cached on it)."""
    found = document.memo.get(KEY)
    if found is None:
        found = document.memo[KEY] = _document_names(document)
    return found


def _document_names(document: Document) -> DocumentNames:
    texts: list[str] = []
    forms: list[str] = []  # the form of every mention, in document order
    wheres: list[int] = []
    first: dict[str, int] = {}
    for paragraph, block in zip(document.paragraphs, document.blocks, strict=True):
        found = paragraph_names(paragraph)
        if not found.heading:
            texts.append(paragraph.text)
        forms.extend(found.forms)
        wheres.extend(found.wheres)
        if first.keys() >= set(found.forms):
            continue  # no new form here (the common case, decided in C)
        for form, start in zip(found.forms, found.starts, strict=True):
            if form not in first:
                first[form] = block.source_start(start)
    lowercase, words = _lowercase_and_words(texts)
    # counted whole, by Counter (in C), not mention by mention
    return DocumentNames(
        Counter(forms),
        Counter(compress(forms, [where == MID for where in wheres])),
        Counter(compress(forms, [where == TITLE for where in wheres])),
        first,
        frozenset(lowercase),
        words,
    )


def _is_name(text: str, evidence: int, lowercase: Set[str], excluded: frozenset[str]) -> bool:
    lower = text.lower()
    if lower in lowercase or lower in excluded or lower.rstrip("s") in excluded:
        return False
    if _DRAWN_OUT.search(lower):
        return False  # "Noooo", "Ahhh": a sound, not a name
    if evidence:
        return True
    return not is_english_word(text)


class NameIndex:
    """Every capitalised word of a set of documents, and which of them are names."""

    def __init__(self, documents: Iterable[Document]) -> None:
        self.documents: dict[str, Document] = {}
        parts: list[tuple[str, DocumentNames]] = []
        for document in documents:
            path = document.source.path
            self.documents[path] = document
            parts.append((path, document_names(document)))
        if len(parts) == 1:  # one document: its counts as they are (never changed here)
            counts, mid, titled = parts[0][1].counts, parts[0][1].mid, parts[0][1].titled
            self.lowercase: Set[str] = parts[0][1].lowercase
        else:
            counts, mid, titled = Counter(), Counter(), Counter()
            lowercase: set[str] = set()
            for _, part in parts:
                counts.update(part.counts)
                mid.update(part.mid)
                titled.update(part.titled)
                lowercase |= part.lowercase
            self.lowercase = lowercase
        self.forms: dict[str, Form] = {}
        for path, part in parts:
            for text, offset in part.first.items():
                if text not in self.forms:
                    self.forms[text] = Form(
                        text, counts[text], mid[text], titled[text], (path, offset)
                    )
        for path, part in parts:
            for text, count in part.counts.items():
                self.forms[text].per_document[path] = count
        self._names: frozenset[str] | None = None
        #: Results other modules derive from this index, by their own keys.
        self.memo: dict = {}

    def is_name(self, text: str) -> bool:
        return text in self.names

    @property
    def names(self) -> frozenset[str]:
        """The forms judged to be names."""
        if self._names is None:
            self._names = frozenset(f.text for f in self.forms.values() if self._judge(f))
        return self._names

    @property
    def shown_names(self) -> frozenset[str]:
        """The names the text shows to be names: seen mid-sentence or after a title at
        least once (a word seen only opening sentences, "Dishonesty", "Mebbe", is judged a
        name only for want of a dictionary entry)."""
        found = self.memo.get("shown-names")
        if found is None:
            found = self.memo["shown-names"] = frozenset(
                text for text in self.names if self.forms[text].evidence
            )
        return found

    def _judge(self, form: Form) -> bool:
        return _is_name(form.text, form.evidence, self.lowercase, not_names())

    def written_lowercase(self, text: str) -> bool:
        return text.lower() in self.lowercase

    def place(self, form: Form) -> str:
        """``path:line`` of a form's first mention."""
        if form.first is None:
            return "?"
        path, offset = form.first
        document = self.documents[path]
        return f"{path}:{document.source.lines.position(offset)[0] + 1}"
