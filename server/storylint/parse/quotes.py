"""The quote scanner: which quotation marks open, close, or are apostrophes.

Each paragraph is scanned on its own. Curly marks say which way they face, straight
marks are judged by what is on either side, and a mark that faces the wrong way
(``word“`` at the end of a quotation) is recorded as such. The hard case is ’ (and '):
it closes a single-quoted quotation, but it is also an apostrophe ('em, ’til, the boys’,
goin’). A ’ right after a letter is only taken as a closing mark when a single quotation
is open and no later mark could close it instead; an opening-looking ' or ’ that never
finds its closing mark is an elision (’ere, 'ave), not an unclosed quotation.

Quotations are paired with a stack, so nesting works in both house styles: double
quotes with single quotes inside (US), single with double inside (UK). Which family is
dialogue is the document's choice (see ``conventions``); the scan itself does not
depend on it. By the multi-paragraph convention, a quotation running over several
paragraphs reopens each paragraph and only closes in the last, so a paragraph that
ends inside a quotation is fine when the next one starts with an opening mark.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cache

from storylint.data import is_english_word, word_list
from storylint.parse.tokens import DOUBLE_QUOTES, SINGLE_QUOTES

DOUBLE = "double"
SINGLE = "single"

OPEN = "open"
CLOSE = "close"
APOSTROPHE = "apostrophe"
TOGGLE = "toggle"  # a straight mark with nothing to tell which way it faces
REOPEN = "reopen"  # opens again a quotation that is already open (joined paragraphs)

_MARK = re.compile(r"[\"“”„‟'‘’‚‛]")
_MARKUP = "_*"

# Classes of the character on either side of a mark.
_WORD, _SPACE, _OPENER, _CLOSER, _PUNCT, _DASH, _QUOTE, _OTHER = range(8)
_CLASSES = {
    **dict.fromkeys("([{", _OPENER),
    **dict.fromkeys(")]}", _CLOSER),
    **dict.fromkeys(".,;:!?…", _PUNCT),
    **dict.fromkeys("—―–-", _DASH),
    **dict.fromkeys("\"“”„‟'‘’‚‛", _QUOTE),
}


def _class(char: str) -> int:
    if not char or char.isspace():
        return _SPACE
    if char.isalnum():
        return _WORD
    return _CLASSES.get(char, _OTHER)


#: Quotation marks and emphasis: a run of them with at least one mark is read at once,
#: every mark of it seeing the same neighbours, the characters on either side of the
#: run (in ``--’”`` both marks close; in ``“‘Tis`` both open). A run costs its length.
_SEE_THROUGH = _MARKUP + "\"“”„‟'‘’‚‛"
#: Quotations nest at most three deep (“‘“…”’”): a run of more marks than that, with no
#: word between them, opens or closes nothing.
_DEEPEST = 3
#: A footnote mark right after a closing quotation mark: “…shore?”[3], “…town.”2, ”†.
_NOTE = re.compile(
    r"\[(?:\d{1,3}|[*†‡a-z]|(?:footnote|note|see)\b[^\[\]]*)\]|\d{1,3}(?![\w])|[†‡]+", re.I
)
_NOTE_START = frozenset("[0123456789†‡")
#: Characters after which a mark opens rather than closes: no footnote mark follows.
_NOT_BEFORE_NOTE = frozenset(" \t\n([{—―–-")
#: Square brackets (an editor's note, an illustration's caption) in a paragraph.
_BRACKET = re.compile(r"\[[^\[\]]*\]")
#: An ellipsis, right after a mark or after one space: a speech that opens mid-sentence
#: (' . . . and so on', '...it may').
_ELLIPSIS_AFTER = re.compile(r" ?(?:\.\s?\.\s?\.|…)")
#: The ending of a contraction, after its mark: I ’m, it ’s, don ’t, we ’ll, you ’re, I ’ve,
#: he ’d; then no letter and no quotation mark (‘t’races is a quotation of dialect).
_CONTRACTION_END = re.compile(r"(?:m|s|t|d|ll|re|ve)(?![^\W_]|[\"“”'‘’])")


@cache
def _h_dropped() -> re.Pattern[str]:
    """Words written without their h (‘ave, ‘im, ‘ouse), which a ‘ may begin as an
    apostrophe set the wrong way round: such a ‘ only opens a quotation if it closes."""
    words = "|".join(sorted(map(re.escape, word_list("h-dropped")), key=len, reverse=True))
    return re.compile(rf"(?:{words})(?![^\W_])", re.IGNORECASE)


_LOWER_WORD = re.compile(r"[a-z]+(?![^\W_]|['’][a-z])")


def _drops_h(text: str, at: int) -> bool:
    """A word at ``at`` written without its first h: no English word itself, but one with
    the h (‘abit, ‘ook, ‘ouses; the listed ones too: ‘ave, ‘im)."""
    word = _LOWER_WORD.match(text, at)
    if word is None or len(word.group()) < 3:
        return False
    return _elided(word.group(), "h" + word.group())


#: The end of a word before a mark: the letters of "considerin" in "considerin'".
_WORD_BEFORE = re.compile(r"[a-zA-Z]+$")


def _drops_g(text: str, at: int) -> bool:
    """The word before the mark at ``at`` is written without its final g: no English word
    itself, but one with the g (considerin', bein', nothin'; not sin', win')."""
    if not text.endswith("in", max(0, at - 2), at):
        return False
    word = _WORD_BEFORE.search(text, max(0, at - 30), at)
    if word is None or len(word.group()) < 4:
        return False  # win', kin': too short to tell from a word (a list may lack it)
    if text[word.start() - 1 : word.start()] in ("'", "‘"):
        return False  # ‘chartin’ (which art in): a word quoted whole
    if word.group()[0].isupper() and len(word.group()) < 6:
        return False  # Robin': a name, which the list of words leaves out
    return _elided(word.group().lower(), word.group().lower() + "g")


@cache
def _elided(written: str, whole: str) -> bool:
    """``written`` is ``whole`` with a letter dropped: no English word itself, ``whole`` one."""
    return is_english_word(whole) and not is_english_word(written)


@cache
def _elision() -> re.Pattern[str]:
    words = "|".join(sorted(map(re.escape, word_list("elisions")), key=len, reverse=True))
    return re.compile(rf"(?:{words})(?![^\W_])")


@dataclass(slots=True)
class QuoteMark:
    """One quotation mark and the part it plays."""

    offset: int
    char: str
    family: str
    role: str
    wrong_facing: bool = False
    #: A ’ after a letter (close or possessive) or a ' before one (open or elision).
    ambiguous: bool = False
    #: An apostrophe set as an opening mark: ‘ before the ending of a contraction
    #: spaced off its word (``I ‘m``, ``it ‘s``).
    turned: bool = False
    #: An opening mark typeset with the space on its wrong side (``said,’ and``,
    #: ``idea." And``): it looks like a closing mark, but opens the speech after it.
    misspaced: bool = False


@dataclass(slots=True)
class Quotation:
    """A quotation: its opening mark, its closing mark (None when unclosed), its depth."""

    family: str
    open: QuoteMark | None
    close: QuoteMark | None
    depth: int
    #: Still open when a quotation around it closed: a closing mark is missing.
    cut_off: bool = False
    #: Left open when an outer quotation was reopened (letters, joined paragraphs).
    continued: bool = False

    @property
    def start(self) -> int:
        """Offset of the first character inside the quotation."""
        return self.open.offset + 1 if self.open else 0

    def end(self, text_length: int) -> int:
        """Offset just past the last character inside the quotation."""
        return self.close.offset if self.close else text_length


@dataclass(slots=True)
class QuoteScan:
    """The quotation marks of one paragraph and how they pair up."""

    length: int
    marks: list[QuoteMark] = field(default_factory=list)
    quotations: list[Quotation] = field(default_factory=list)
    #: Closing marks with no opening mark before them in the paragraph.
    stray_closes: list[QuoteMark] = field(default_factory=list)
    #: Whether the paragraph's first character is an opening mark, by family.
    first_open: str | None = None
    #: Families of quotations left open at the end by a mark that may be an elision
    #: instead ('Far from it…): the paragraph may end inside a speech that runs on.
    maybe_open: frozenset[str] = frozenset()
    #: :meth:`spans` of the top level, by family, kept for :meth:`inside`.
    _top_spans: dict[str, list[tuple[int, int]]] = field(default_factory=dict)

    def starts_open(self, family: str) -> bool:
        """The paragraph begins by opening a quotation of ``family``."""
        return self.first_open == family

    def open_at_end(self, family: str | None = None) -> list[Quotation]:
        """Quotations (of ``family``) still open at the end of the paragraph."""
        return [
            q
            for q in self.quotations
            if q.close is None
            and not (q.cut_off or q.continued)
            and (family is None or q.family == family)
        ]

    def cut_off(self) -> list[Quotation]:
        """Quotations left open when a quotation around them closed."""
        return [q for q in self.quotations if q.cut_off]

    def ends_open(self, family: str) -> bool:
        """The paragraph ends inside a quotation of ``family``."""
        return bool(self.open_at_end(family))

    def starts_with_close(self, family: str) -> bool:
        """The paragraph's first mark of ``family`` closes a quotation it never opened."""
        first = next((m for m in self.marks if m.family == family and m.role != APOSTROPHE), None)
        return first is not None and any(first is m for m in self.stray_closes)

    def spans(self, family: str, depth: int = 0) -> list[tuple[int, int]]:
        """Inside-the-marks spans of the quotations of ``family`` at ``depth``."""
        return [
            (q.start, q.end(self.length))
            for q in self.quotations
            if q.family == family and q.depth == depth
        ]

    def inside(self, offset: int, family: str) -> bool:
        """Whether ``offset`` lies inside a top-level quotation of ``family`` (a binary
        search: a paragraph of many quotations may be asked about many offsets)."""
        spans = self._top_spans.get(family)
        if spans is None:
            spans = self._top_spans[family] = self.spans(family)
        index = bisect_right(spans, (offset, self.length + 1)) - 1
        return index >= 0 and spans[index][0] <= offset < spans[index][1]


def _direction_of(before: int, after: int) -> str | None:
    """OPEN or CLOSE as the neighbours suggest, or None when they do not tell."""
    if after == _WORD and before != _WORD:
        return OPEN
    if before == _WORD and after != _WORD:
        return CLOSE
    if before in (_PUNCT, _CLOSER, _OTHER) and after in (_SPACE, _PUNCT, _CLOSER, _DASH, _QUOTE):
        return CLOSE
    if before in (_DASH, _QUOTE) and after in (_SPACE, _PUNCT, _CLOSER):
        return CLOSE
    if before in (_SPACE, _OPENER) and after in (_DASH, _QUOTE, _OPENER, _OTHER):
        return OPEN
    if before in (_PUNCT, _CLOSER) and after in (_OPENER, _OTHER):
        return OPEN
    return None


#: The part a mark plays as its neighbours tell: (family, role, wrong_facing, ambiguous),
#: or None when it is no quotation mark.
_Shape = tuple[str, str, bool, bool] | None


@cache  # a pure function of a few characters: a text repeats the same handful of cases
def _shape(char: str, prev: str, after: str, elided: bool) -> _Shape:
    """What the mark ``char`` looks like between the characters ``prev`` and ``after``
    (the characters around its run of marks); ``elided``: a listed elision follows it
    ('em, ’til)."""
    before_class, after_class = _class(prev), _class(after)
    family = DOUBLE if char in DOUBLE_QUOTES else SINGLE

    def mark(role: str, wrong_facing: bool = False, ambiguous: bool = False) -> _Shape:
        return family, role, wrong_facing, ambiguous

    if before_class == _WORD and after_class == _WORD:
        # inside a word: an apostrophe (don't, even it‘s), or a straight mark with no space
        return None if family == SINGLE else mark(TOGGLE)
    looks = _direction_of(before_class, after_class)
    if before_class == _PUNCT and after_class == _WORD and prev in ",!?" and char in '"”':
        # "Row,"she said: a closing mark with the space after it missing
        return mark(TOGGLE) if char == '"' else mark(CLOSE)
    if char in "'’‘" and looks == OPEN and after_class == _WORD:
        if after.isdigit():
            # the ’90s; written '90s or ‘90s it may still open a quotation ('13 A,'), if
            # it pairs up
            return mark(APOSTROPHE) if char == "’" else mark(OPEN, ambiguous=True)
        if elided:
            # 'em, ’til; written 'tis or ‘tis it may still open a quotation, if it pairs up
            return mark(APOSTROPHE) if char == "’" else mark(OPEN, ambiguous=True)
    if char == '"' or char == "'":
        if looks is None:
            return mark(TOGGLE) if char == '"' else None
        if char == "'":
            # ' before a word may be an elision ('ave); after a word, a possessive (boys')
            return mark(looks, ambiguous=before_class == _WORD or after_class == _WORD)
        return mark(looks)
    if char == "’":
        if looks == OPEN:
            # ’ere, ’ave: elisions we don't list
            return mark(OPEN, wrong_facing=True, ambiguous=True)
        if looks == CLOSE:
            return mark(CLOSE, ambiguous=before_class == _WORD)
        return None
    shape = OPEN if char in "“„‟‘‚‛" else CLOSE
    if looks is not None and looks != shape:
        return mark(looks, wrong_facing=True)
    return mark(shape)


def _marks_in(run: str) -> int:
    """How many quotation marks (not emphasis) a run holds."""
    return len(run) - run.count("_") - run.count("*")


#: The shape of a mark that opens before an ellipsis, by mark.
_OPENS: dict[str, tuple[str, str, bool, bool]] = {
    "'": (SINGLE, OPEN, False, True),
    "‘": (SINGLE, OPEN, False, False),
    '"': (DOUBLE, OPEN, False, False),
    "“": (DOUBLE, OPEN, False, False),
}


def _classify(text: str, index: int, prev: str, after: str) -> QuoteMark | None:
    """What the mark at ``index`` looks like from its neighbours alone (``prev`` and
    ``after``: the characters around its run of marks)."""
    char = text[index]
    if (
        char in SINGLE_QUOTES
        and 0 < index < len(text) - 1
        and text[index - 1].isalnum()
        and text[index + 1].isalnum()
    ):
        return None  # an apostrophe inside a word (don't): most marks, told at once
    # only a single mark before a word can start an elision: look for one only there
    elided = char in "'’‘" and after.isalnum() and _elision().match(text, index + 1) is not None
    if char == "‘" and not elided and after.isalpha():
        elided = _h_dropped().match(text, index + 1) is not None or _drops_h(text, index + 1)
    if char in "'’" and prev.isalpha() and not after.isalpha() and _drops_g(text, index):
        return QuoteMark(index, char, SINGLE, APOSTROPHE)  # considerin', bein': dialect
    if (
        char in "'\"‘“"
        and _class(prev) in (_SPACE, _OPENER)
        and _ELLIPSIS_AFTER.match(text, index + 1)
    ):
        # ' . . . circulus', '...it may': a mark before an ellipsis opens (a speech taken
        # up mid-sentence); a straight ' only if it pairs up
        return QuoteMark(index, char, *_OPENS[char])
    shape = _shape(char, prev, after, elided)
    if shape is None:
        return None
    if char in '"”' and shape[1] == CLOSE and text[index - 1 : index].isdigit():
        # a board 20" wide, a size of 10”: inches or seconds, unless it closes a quotation
        return QuoteMark(index, char, shape[0], CLOSE, shape[2], True)
    return QuoteMark(index, char, *shape)


def _drop_elisions(left_open: list[Quotation]) -> bool:
    """An ambiguous opening mark that never closed was an elision after all (’ere).
    Whether there was one."""
    dropped = False
    for quotation in left_open:
        if quotation.open and quotation.open.ambiguous:
            quotation.open.role = APOSTROPHE
            quotation.open.wrong_facing = False
            quotation.cut_off = quotation.continued = False
            dropped = True
    return dropped


def _closes_later(marks: list[QuoteMark], family: str) -> list[bool]:
    """For each mark, whether a closing mark of ``family`` after it comes before any mark
    of ``family`` that surely opens: that one, rather than this one, may close the
    quotation. Read from the roles :func:`_classify` gave (pairing changes only the marks
    it has passed; a straight " it left undecided may close), in one pass from the end,
    so a paragraph of many such marks costs their number."""
    later = [False] * len(marks)
    closes = False
    for index in range(len(marks) - 1, -1, -1):
        later[index] = closes
        mark = marks[index]
        if mark.family == family:
            if mark.role == CLOSE or mark.role == TOGGLE:
                closes = True
            elif mark.role == OPEN and not mark.ambiguous:
                closes = False
    return later


def scan(text: str) -> QuoteScan:
    """Scan one paragraph's quotation marks."""
    result = QuoteScan(len(text))
    marks = result.marks
    length = len(text)
    run_end = 0  # marks before this offset were read with the run they belong to
    for match in _MARK.finditer(text):
        index = match.start()
        if index < run_end:
            continue
        char = text[index]
        before = text[index - 1] if index else " "
        following = text[index + 1] if index + 1 < length else " "
        if char in SINGLE_QUOTES and before.isalnum() and following.isalnum():
            continue  # an apostrophe inside a word (don't): most marks, told at once
        # the run of marks and emphasis around this mark (usually the mark alone)
        start, end = index, index + 1
        while start and text[start - 1] in _MARKUP:
            start -= 1  # (a mark before them would have read this run already)
        while end < length and text[end] in _SEE_THROUGH:
            end += 1
        run_end = end
        if end - start > _DEEPEST and _marks_in(text[start:end]) > _DEEPEST:
            continue  # a row of marks (an ornament, a ditto row, noise): no quotation
        prev = text[start - 1] if start else ""
        after_at = end
        if end < length and text[end] in _NOTE_START and prev and prev not in _NOT_BEFORE_NOTE:
            note = _NOTE.match(text, end)
            if note is not None:
                after_at = note.end()  # “…to the shore?”[3]: the mark sees past the note
        after = text[after_at] if after_at < length else ""
        if end - start == 1:
            if (
                prev.isspace()
                and (after.isspace() or after_at >= length)
                and (text[start - 2 : start - 1].isspace() or text[end + 1 : end + 2].isspace())
            ):
                continue  # a ditto mark in a table: spaces on both sides, set in a column
            if (
                char in "'‘’"
                and prev.isspace()
                and text[start - 2 : start - 1].isalpha()
                and _CONTRACTION_END.match(text, end)
            ):
                # I ‘m, it ’s, does n't: the apostrophe of a contraction spaced off its word
                # (a 19th-century house style), never a quotation mark; a ‘ is turned
                if char == "‘":
                    marks.append(QuoteMark(index, char, SINGLE, APOSTROPHE, turned=True))
                continue
            mark = _classify(text, index, prev, after)
            if mark is not None:
                marks.append(mark)
            continue
        for at in range(index, end):
            if text[at] not in _MARKUP:
                mark = _classify(text, at, prev, after)
                if mark is not None:
                    marks.append(mark)
    if not marks:
        return result
    brackets = _brackets(text, marks) if "[" in text else None
    if brackets:
        _pair_with_brackets(text, result, brackets)
    else:
        _pair(text, result)
    return result


def _brackets(text: str, marks: list[QuoteMark]) -> list[tuple[int, int]]:
    """The spans of the square brackets that hold quotation marks."""
    spans = []
    for match in _BRACKET.finditer(text):
        start, end = match.span()
        if any(start < mark.offset < end for mark in marks):
            spans.append((start, end))
    return spans


def _pair_with_brackets(text: str, result: QuoteScan, brackets: list[tuple[int, int]]) -> None:
    """Pair the marks outside square brackets, then those of each bracket on its own: a
    bracket is an editor's or transcriber's note ([Footnote: …], [* Southern for
    "afternoon"]), whose quotations neither open nor close the text's."""
    every = result.marks
    inside: dict[int, list[QuoteMark]] = {}
    outside: list[QuoteMark] = []
    starts = [start for start, _ in brackets]
    for mark in every:
        index = bisect_right(starts, mark.offset) - 1
        if index >= 0 and mark.offset < brackets[index][1]:
            inside.setdefault(index, []).append(mark)
        else:
            outside.append(mark)
    result.marks = outside
    if outside:
        _pair(text, result)
    for index, bracket_marks in inside.items():
        note = QuoteScan(result.length, bracket_marks)
        _pair(text, note)
        start = brackets[index][0]
        # a note inside a quotation is never top-level speech
        nested = any(
            q.open.offset < start < q.end(result.length) for q in result.quotations if q.depth == 0
        )
        for quotation in note.quotations:
            if nested:
                quotation.depth += 1
            result.quotations.append(quotation)
        result.stray_closes += note.stray_closes
    result.marks = every
    result.quotations.sort(key=lambda q: q.open.offset)
    result.stray_closes.sort(key=lambda m: m.offset)


def _next_roles(marks: list[QuoteMark], family: str) -> list[tuple[str | None, str | None]]:
    """For each mark, the roles :func:`_classify` gave the next two marks of ``family``
    after it (None past the last), passing over apostrophes and the closing marks that may
    be apostrophes (the boys’), in one pass from the end. A mark that may open is no
    closing mark, even if it may be an elision ('em)."""
    ahead: list[tuple[str | None, str | None]] = [(None, None)] * len(marks)
    first: str | None = None
    second: str | None = None
    for index in range(len(marks) - 1, -1, -1):
        ahead[index] = (first, second)
        mark = marks[index]
        if mark.family != family or mark.role == APOSTROPHE:
            continue
        if not (mark.ambiguous and mark.role == CLOSE):
            first, second = mark.role, first
    return ahead


def _closing(role: str | None) -> bool:
    return role in (CLOSE, TOGGLE)


def _spaced_off(text: str, offset: int) -> bool:
    """Whether the mark at ``offset`` stands right after a word or its punctuation and
    before a space and a word: how an opening mark looks with its space on the wrong side
    (``said,’ and``)."""
    before = text[offset - 1 : offset]
    return (
        bool(before)
        and (before.isalnum() or before in ",.;:!?")
        and text[offset + 1 : offset + 2] == " "
        and text[offset + 2 : offset + 3].isalnum()
    )


def _opens_sentence(text: str, offset: int) -> bool:
    """Whether the mark at ``offset`` stands before a capital at the start of a sentence
    (He told 'em. 'Go,' he said: the second mark opens, so the first was an elision)."""
    if not text[offset + 1 : offset + 2].isupper():
        return False
    index = offset - 1
    while index >= 0 and text[index] in " \t\n_*":
        index -= 1  # each space is before one mark at most: a paragraph costs its length
    return index < 0 or text[index] in ".!?"


def _third_level(
    marks: list[QuoteMark], index: int, inner: QuoteMark, closes_later: dict[str, list[bool]]
) -> bool:
    """Whether the opening mark ``marks[index]``, of the family of a quotation still open
    outside ``inner`` (the opening mark of the innermost quotation), opens a third level
    inside it: “…‘…“Come!”…’…”, or "…'…"Come!"…'…" when the inner quotation closes later
    (else a straight " opens the outer one again, and the ' was an elision)."""
    mark = marks[index]
    if mark.char == "“":
        return inner.char == "‘"
    if mark.char != '"' or inner.char != "'":
        return False
    if inner.family not in closes_later:
        closes_later[inner.family] = _closes_later(marks, inner.family)
    return closes_later[inner.family][index]


def _pair(text: str, result: QuoteScan) -> None:
    """Pair the marks of ``result`` into quotations (and stray closing marks)."""
    marks = result.marks
    stack: list[Quotation] = []
    dropped = False  # an opening mark was an elision: its quotation is dropped at the end
    closes_later: dict[str, list[bool]] = {}  # by family, computed when first needed (seldom)
    next_roles: dict[str, list[tuple[str | None, str | None]]] = {}  # the same

    def ahead(family: str, index: int) -> tuple[str | None, str | None]:
        if family not in next_roles:
            next_roles[family] = _next_roles(marks, family)
        return next_roles[family][index]

    firsts: dict[str, int] = {}

    def first_of(family: str) -> int:
        """The index of the first mark of ``family``."""
        if family not in firsts:
            firsts[family] = next(i for i, mark in enumerate(marks) if mark.family == family)
        return firsts[family]

    for i, mark in enumerate(marks):
        if mark.role == TOGGLE:
            mark.role = CLOSE if any(q.family == DOUBLE for q in stack) else OPEN
        if mark.role == OPEN:
            level = (
                next((d for d, q in enumerate(stack) if q.family == mark.family), None)
                if stack
                else None  # the usual case, without the search
            )
            if (
                level is not None
                and stack[-1].family != mark.family
                and stack[-1].open is not None
                and _third_level(marks, i, stack[-1].open, closes_later)
            ):
                # a third level of quotation: “…‘…“Come!”…’…” (a ‘ here may be ’Tis)
                level = None
            if (
                level is not None
                and level == len(stack) - 1
                and stack[level].open.ambiguous
                and (not mark.ambiguous or _opens_sentence(text, mark.offset))
            ):
                # 'em, then a mark that surely opens: the first was an elision after all
                dropped |= _drop_elisions(stack[level:])
                del stack[level:]
                level = None
            if level is None:
                quotation = Quotation(mark.family, mark, None, len(stack))
                stack.append(quotation)
                result.quotations.append(quotation)
            elif mark.ambiguous:
                mark.role = APOSTROPHE  # quotations of one family do not nest: ’ere
                mark.wrong_facing = False
            elif (
                mark.family == DOUBLE
                and level == len(stack) - 1
                and mark.offset
                and all(_closing(role) for role in ahead(DOUBLE, i))
            ):
                # “It is the “Albatross” that flies,” he said: a printer's double marks
                # inside double marks (the next two marks close): a quotation inside
                quotation = Quotation(mark.family, mark, None, len(stack))
                stack.append(quotation)
                result.quotations.append(quotation)
            else:
                # Opened again while open: paragraphs run together (letters, verse), so
                # the quotation continues, and any inside it are left as they are.
                mark.role = REOPEN
                for inner in stack[level + 1 :]:
                    inner.continued = True
                dropped |= _drop_elisions(stack[level + 1 :])
                del stack[level + 1 :]
        elif mark.role == CLOSE:
            if mark.ambiguous:
                # ’ after a letter, " after a figure: closes only an open quotation that
                # no later mark could close instead
                family = mark.family
                if stack and stack[-1].family == family and family not in closes_later:
                    closes_later[family] = _closes_later(marks, family)
                if not (stack and stack[-1].family == family and not closes_later[family][i]):
                    mark.role = APOSTROPHE  # the boys’ bikes, a board 20" wide
                    continue
            if stack and stack[-1].family == mark.family:
                level = len(stack) - 1  # the usual case, without the search
            else:
                level = next(
                    (d for d in range(len(stack) - 2, -1, -1) if stack[d].family == mark.family),
                    None,
                )
            if level is None:
                if (
                    not mark.ambiguous
                    and _spaced_off(text, mark.offset)
                    and _closing(ahead(mark.family, i)[0])
                    and (i > first_of(mark.family) or text[mark.offset - 1] == ":")
                ):
                    # said,’ and when…’: no quotation to close, and the next mark closes
                    # one: this opens it, with the space set after it instead of before
                    # (the paragraph's first mark, only after a colon: it may close a
                    # speech the paragraph before left open)
                    mark.role = OPEN
                    mark.misspaced = True
                    mark.wrong_facing = False
                    quotation = Quotation(mark.family, mark, None, len(stack))
                    stack.append(quotation)
                    result.quotations.append(quotation)
                    continue
                result.stray_closes.append(mark)
                continue
            stack[level].close = mark
            if level + 1 < len(stack):
                for inner in stack[level + 1 :]:
                    inner.cut_off = True
                dropped |= _drop_elisions(stack[level + 1 :])
            del stack[level:]
    result.maybe_open = frozenset(
        q.family for q in stack if q.open.ambiguous and q.open.char in "'‘"
    )
    dropped |= _drop_elisions(stack)
    if dropped:
        result.quotations = [q for q in result.quotations if q.open.role != APOSTROPHE]
    first = marks[0]
    if not text[: first.offset].strip(" \t_*") and (
        (first.role == OPEN and any(q.open is first for q in result.quotations))
        or (first.role == APOSTROPHE and first.ambiguous and first.char in "'‘")
    ):
        # an opening mark, or one that may open: 'Far from it… at the start of a speech
        # that runs on (it never closes in its paragraph, so it was taken for an elision)
        result.first_open = first.family
