"""The words around a confusable, as the confusion model counts them: tokens and keys.

Shared by the checker (:mod:`storylint.checks.homophones.model`) and its trainer
(``tools/train_confusables.py``), so both see a text the same way:

* A paragraph becomes *tokens*: words (letters, with inner apostrophes and hyphens:
  ``don't``, ``to-morrow``, ``lead-coloured`` are one word each), lowercased, ’ written
  '; a word cut by a hyphen at a line end (``through- out``) keeps its hyphen
  (``through-``: not the word itself); every number as ``0`` (``10 hour day`` is not
  ``hour day``); and the punctuation marks ``. , ; : ! ? ( )``, every quotation mark as
  ``"``, every dash as ``—``, every ellipsis as ``…``. Emphasis marks (``_``, ``*``) and
  other symbols are dropped. The paragraph's edges are ``¶``.
* A *context* of an occurrence is 1 to 3 tokens to its left and/or right (``L2R1`` is
  two to the left and one to the right). Each is counted under a 64-bit *key*, built
  from stable hashes of its tokens (BLAKE2b, the same on every machine and run) and of
  its shape, so the model file needs no vocabulary. The *bag* is the words within
  :data:`BAG_RADIUS` tokens, each counted on its own.
"""

from __future__ import annotations

import re
from hashlib import blake2b

#: The contexts counted, as (words to the left, words to the right).
SHAPES: tuple[tuple[int, int], ...] = (
    (1, 0),
    (0, 1),
    (2, 0),
    (0, 2),
    (1, 1),
    (2, 1),
    (1, 2),
    (3, 0),
    (0, 3),
    (2, 2),
)
SHAPE_NAMES = tuple(f"L{left}R{right}" for left, right in SHAPES)
#: The shapes looked up first (L1, R1, L1R1): the checker looks further only when
#: these leave a change possible.
SCREEN = (0, 1, 4)
#: How far (in tokens) the bag of words reaches on each side.
BAG_RADIUS = 10
#: Tokens added on each side of a paragraph (the widest shape reaches 3 tokens).
PAD = 3
EDGE = "¶"
#: The token of every number.
NUMBER = "0"

MASK = (1 << 64) - 1
_CHAIN = 0x9E3779B97F4A7C15  # odd constants of the polynomial hash over the tokens
_LEFT = 0xC2B2AE3D27D4EB4F
_RIGHT = 0x165667B19E3779F9

_WORD = r"[^\W\d_]+(?:'[^\W\d_]+)*(?:-[^\W\d_]+(?:'[^\W\d_]+)*)*"
#: Tokens of a text whose apostrophes and quotation marks went through :data:`MARKS`.
TOKEN = re.compile(
    rf"{_WORD}(?:-(?![\w-]))?|\d+(?:[.,:]\d+)*(?:st|nd|rd|th|s|d)?|-{{2,}}|\.{{3,}}|[.,;:!?()\"'—–…]"
)
#: Length-preserving: ’ is an apostrophe or a closing single quote, like '.
MARKS = str.maketrans({"’": "'", "‘": "'", "‛": "'", "“": '"', "”": '"', "„": '"', "‟": '"'})
#: Marks written several ways, to one token each.
_SAME: dict[str, str] = {
    "'": '"',
    "–": "—",
    **{"-" * n: "—" for n in range(2, 9)},
    **{"." * n: "…" for n in range(3, 9)},
}
#: Tokens after which a capital letter starts a sentence (not a name).
SENTENCE_OPENERS = frozenset({EDGE, ".", "!", "?", '"', "—", "…", ":", "(", ";"})


def tokens(text: str) -> tuple[list[str], list[str]]:
    """The tokens of ``text`` as written (case kept) and as counted (lowercase,
    marks unified), in step."""
    written = TOKEN.findall(text.translate(MARKS))
    lowered = "\x00".join(written).lower().split("\x00") if written else []
    same = _SAME
    return written, [
        same.get(token, token) if not token[0].isdigit() else NUMBER for token in lowered
    ]


def token_offsets(text: str, written: list[str], upto: int) -> list[int]:
    """Where each of the first ``upto`` written tokens starts in ``text``."""
    plain = text.translate(MARKS)
    starts = []
    position = 0
    for token in written[:upto]:
        position = plain.find(token, position)
        starts.append(position)
        position += len(token)
    return starts


def padded(counted: list[str]) -> list[str]:
    """``counted`` with :data:`PAD` edge tokens on each side."""
    edge = [EDGE] * PAD
    return edge + counted + edge


def token_hash(token: str) -> int:
    """A stable 64-bit hash of one token."""
    return int.from_bytes(blake2b(token.encode("utf-8"), digest_size=8).digest(), "little")


def shape_salt(name: str) -> int:
    """The constant that tells the keys of one shape (or the bag) from another's."""
    return token_hash(f"\x01shape:{name}")


SALTS = tuple(shape_salt(name) for name in SHAPE_NAMES)
BAG_SALT = shape_salt("bag")
_SALT_L1, _SALT_R1, _SALT_L1R1 = (SALTS[shape] for shape in SCREEN)


class Hashes:
    """Token hashes, remembered (a novel has some tens of thousands of distinct tokens)."""

    __slots__ = ("known",)

    def __init__(self) -> None:
        self.known: dict[str, int] = {}

    def __call__(self, token: str) -> int:
        known = self.known
        value = known.get(token)
        if value is None:
            if len(known) > 100_000:
                known.clear()
            value = known[token] = token_hash(token)
        return value


def context_keys(tokens: list[str], at: int, hashes: Hashes) -> list[int]:
    """The key of each shape (in :data:`SHAPES` order) around ``tokens[at]``, in a
    padded token list."""
    left1 = hashes(tokens[at - 1])
    left2 = (left1 * _CHAIN + hashes(tokens[at - 2])) & MASK
    left3 = (left2 * _CHAIN + hashes(tokens[at - 3])) & MASK
    right1 = hashes(tokens[at + 1])
    right2 = (right1 * _CHAIN + hashes(tokens[at + 2])) & MASK
    right3 = (right2 * _CHAIN + hashes(tokens[at + 3])) & MASK
    lefts = (0, left1 * _LEFT, left2 * _LEFT, left3 * _LEFT)
    rights = (0, right1 * _RIGHT, right2 * _RIGHT, right3 * _RIGHT)
    return [
        (lefts[left] + rights[right] + salt) & MASK
        for (left, right), salt in zip(SHAPES, SALTS, strict=True)
    ]


def screen_keys(tokens: list[str], at: int, hashes: Hashes) -> tuple[int, int, int]:
    """The keys of the :data:`SCREEN` shapes around ``tokens[at]`` (as
    :func:`context_keys` gives them)."""
    left = hashes(tokens[at - 1]) * _LEFT
    right = hashes(tokens[at + 1]) * _RIGHT
    return (
        (left + _SALT_L1) & MASK,
        (right + _SALT_R1) & MASK,
        (left + right + _SALT_L1R1) & MASK,
    )


def bag_words(tokens: list[str], at: int) -> set[str]:
    """The distinct words within :data:`BAG_RADIUS` tokens of ``tokens[at]`` (not the
    word itself, marks and edges left out)."""
    window = tokens[max(0, at - BAG_RADIUS) : at] + tokens[at + 1 : at + 1 + BAG_RADIUS]
    return {token for token in window if token[0].isalpha()}


def bag_key(word: str, hashes: Hashes) -> int:
    return (hashes(word) * _LEFT + BAG_SALT) & MASK


def context_words(tokens: list[str], at: int, shape: int) -> tuple[list[str], list[str]]:
    """The tokens of one shape's context around ``tokens[at]``: (left, right)."""
    left, right = SHAPES[shape]
    return tokens[at - left : at], tokens[at + 1 : at + 1 + right]


def looks_like_a_name(written: str, before: str) -> bool:
    """Whether a word as written is a name, a title or shouted (not judged): capitalised
    where no sentence starts (``before`` is the counted token before it), or in capitals."""
    if written[:1].islower():
        return False
    if len(written) > 1 and written.isupper():
        return True
    return before not in SENTENCE_OPENERS


#: Eye dialect: letters dropped and marked (goin', 'em, nat'rally), and the spellings
#: that go with it; and other writing that is non-standard on purpose (a letter from
#: someone who writes "i"); and English of before modern spelling (quoth, mornyng).
#: Counts of published prose say little about such text, and
#: its spellings are the author's choice ("sense" for "since" is how the character
#: speaks).
DIALECT = re.compile(
    # ain't, hain't, warn't
    r"(?i:(?<![\w'’])(?:ain|hain|warn)['’]t\b)"
    # goin', nothin'
    r"|(?i:\b[a-z]{2,}in['’](?![a-z]))"
    # 'em, 'bout
    r"|(?i:(?<![\w'’])['’](?:em|bout|cause|nuff|cept|spect|scuse|pears)\b)"
    # nat'rally, ev'ry, s'pose: an apostrophe inside a word that is no contraction (a
    # lowercase letter after it: O'Brien and D'Arcy are names)
    r"|\b[A-Za-z]+['’](?!(?:s|t|re|ve|ll|d|m|clock|am)\b)[a-z]+\b"
    # o', an', th' as words
    r"|(?i:(?<![\w'’])(?:o|an|th|yo)['’](?![\w'’]))"
    r"|(?i:\b(?:gonna|wanna|gotta|dunno|kinda|sorta|outta|lemme|gimme|thar|whar|sich"
    r"|hisself|theirselves|nothin|somethin|nuthin|allus|mebbe|mebby)\b)"
    # the pronoun I in lowercase (i think, i'm): a letter written by someone who cannot
    # spell, or a chat; not a roman numeral "(i)" or "i.e."
    r"|(?<![\w'’(.])i(?:['’](?:m|ll|ve|d))?(?![\w'’)]|\.\w)"
    # English of before the spelling settled, quoted or imitated: the old verb forms and
    # pronouns (thou hast, he hath, quoth she, he brake his spear) and old spellings
    # (mornyng, knyght, giue, vnto). It wrote "than" for "then", "to" for "too", "there"
    # for "their" and "dye" for "die" as a matter of course
    r"|(?i:\b(?:thou|thee|thy|thine|ye|hath|doth|dost|hast|hadst|didst|canst|wouldst"
    r"|shouldst|couldst|shalt|quoth|saith|spake|smote|methinks|prithee|forsooth)\b)"
    r"|(?i:\b(?:[a-z]+yng(?:e|es)?|[a-z]*yght[a-z]*)\b)"
    r"|(?i:\b(?:hym|hys|wyth|thys|sayd|whiche|theyr|thair|vnto|vpon|giue|haue|loue|euer)\b)"
)


def in_dialect(text: str) -> bool:
    """Whether a paragraph is written (at least partly) in eye dialect or in English of
    before modern spelling (see :data:`DIALECT`)."""
    return DIALECT.search(text) is not None
