"""Missing commas inside dialogue: after an opening interjection (``"Okay look I
tried"``) and around a name in direct address (``"Sorry Sam but we're leaving"``).

After an interjection or an apology, a capitalised word is taken for a name spoken to;
at the start of a sentence only a name of the names index or the cast list is
(``"Tobias we have to go"``). Which words are interjections, which may follow them, and the
idioms to leave alone (``"Oh no"``) are data of the rule in ``rules/dialogue.toml``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from storylint.checks.context import Context
from storylint.checks.dialogue.speech import (
    Word,
    cast_names_of,
    quotations,
    stray_closes,
    words_between,
)
from storylint.checks.names.lexicon import ends_title
from storylint.checks.registry import Rule, paragraph_kind
from storylint.data import word_list
from storylint.findings import Finding, Fix
from storylint.parse.paragraph import Paragraph

_SKIP = " \t\n_*"


def _starts_sentence(text: str, start: int, at: int) -> bool:
    """Whether a sentence of the quotation that begins at ``start`` begins at ``at``."""
    j = at - 1
    while j >= start and text[j] in _SKIP:
        j -= 1
    if j < start:
        return True
    if j == at - 1:
        return False  # no space before it
    if text[j] in "\"”’'" and j > start:
        j -= 1
    if text[j] == "." and ends_title(text, start, j):
        return False  # "Mr. Gatsby": a title's full stop ends no sentence
    return text[j] in ".!?…"


def _previous_word(text: str, start: int, at: int) -> int:
    """The start of the word before ``at`` (only spaces between), or -1."""
    j = at - 1
    while j >= start and text[j] in " \t":
        j -= 1
    end = j + 1
    while j >= start and text[j].isalpha():
        j -= 1
    return j + 1 if j + 1 < end < at else -1


def _openings(
    text: str, lowered: str, start: int, end: int, present: Iterable[str], data: _Data
) -> list[int]:
    """Offsets in ``[start, end)`` where a sentence opens with a word the rule looks at
    (or with a name before an address word: "Derek man")."""
    found = set()
    for word in present:
        at = lowered.find(word, start, end)
        while at >= 0:
            after = at + len(word)
            if not (at > 0 and (lowered[at - 1].isalpha() or lowered[at - 1] == "'")) and not (
                after < len(lowered) and lowered[after].isalpha()
            ):
                opening = at
                if (
                    word in data.vocative_only
                    and text[after : after + 1] == " "
                    and not text[after + 1 : after + 2].isupper()
                    and not (data.with_sir and lowered.startswith(data.sir_prefixes, after + 1))
                    and not lowered.startswith(data.thanks_prefixes, after + 1)
                ):
                    pass  # "No you can't": without a comma these matter only before a name
                elif word in data.titles and word not in data.starters:
                    opening = _previous_word(text, start, at)
                    if opening >= 0 and _starts_sentence(text, start, opening):
                        found.add(opening)
                elif _starts_sentence(text, start, opening):
                    found.add(opening)
            at = lowered.find(word, after, end)
    return sorted(found)


_I_FORMS = frozenset({"i", "i'm", "i've", "i'll", "i'd"})


def _spans(paragraph: Paragraph, context: Context) -> list[tuple[int, int]]:
    """Where the dialogue is: its quotations, and the start of a paragraph whose first
    dialogue mark closes a quotation never opened."""
    text = paragraph.text
    spans = [(q.start, q.end(len(text))) for q in quotations(paragraph, context)]
    strays = stray_closes(paragraph, context)
    if strays and (not spans or strays[0].offset < spans[0][0]):
        spans.insert(0, (0, strays[0].offset))
    return spans


class _Data:
    def __init__(self, rule: Rule, context: Context) -> None:
        data = rule.data
        self.clause = frozenset(data["clause-words"])
        self.pronoun_only = frozenset(data["pronoun-only"])
        self.particles = frozenset(data["object-particles"])
        self.address_only = tuple(tuple(p.split()) for p in data["address-triggers"])
        #: The address triggers by their first word, in the data's order.
        self.address_by_first: dict[str, list[tuple[str, ...]]] = {}
        for phrase in self.address_only:
            self.address_by_first.setdefault(phrase[0], []).append(phrase)
        self.titles = frozenset(data["address-words"])
        self.not_names = frozenset(w.lower() for w in data["not-names"])
        self.idioms = frozenset(tuple(p.split()) for p in data["idioms"])
        self.after_name = self.clause | frozenset(data["after-name"])
        self.sir = frozenset(data["sir-words"])
        self.sir_prefixes = tuple(self.sir)
        self.with_sir = bool(context.config.section("dialogue").get("comma-before-sir", False))
        cast = {n.lower() for n in cast_names_of(context)}
        #: Names from the text alone ("Tobias", seen often enough to be one), which open a
        #: sentence spoken to someone only before I or you/we: "Jo can't", "Mrs. Harper
        #: she began" name who acts, not who is spoken to.
        self.learned_names = {n.lower() for n in context.names or ()} - cast
        self.learned_followers = frozenset(data["learned-name-followers"])
        self.cast = cast
        self.names = cast | self.learned_names
        self.wh = frozenset(data["wh-words"])
        #: Words that comment on the whole sentence ("Really, this…"): a comma only
        #: before a subject ("Really this has…"), never taken to speak to a name.
        with_adverbs = bool(context.config.section("dialogue").get("comma-after-adverb", False))
        self.adverbs = frozenset(data["sentence-adverbs"]) | (
            frozenset(data["style-adverbs"]) if with_adverbs else frozenset()
        )
        self.comma_before_thanks = frozenset(data["comma-before-thanks"])
        self.adverb_followers = frozenset(data["adverb-followers"])
        #: Thanks after yes, no, oh ("Oh, thank God"): by first word, longest first.
        self.thanks: dict[str, list[tuple[str, ...]]] = {}
        for phrase in sorted(data["thanks"], key=len, reverse=True):
            words = tuple(phrase.split())
            self.thanks.setdefault(words[0], []).append(words)
        self.thanks_prefixes = tuple(phrase + ch for phrase in data["thanks"] for ch in " ,.!")
        self.vocative_only = frozenset(data["vocative-only"])
        self.determiners = frozenset(data["determiners"])
        interjections = word_list("interjection")
        #: Words a sentence must open with for the rule to look at it.
        self.starters = (
            interjections
            | self.vocative_only
            | self.adverbs
            | {phrase[0] for phrase in self.address_only}
            | self.names
        )
        self.any_starter = self.starters | self.titles
        #: Sets the checks below combine, built once here rather than at every sentence.
        self.opening = interjections | self.vocative_only
        self.clause_not_wh = self.clause - self.wh
        self.not_a_name = interjections | self.not_names | self.clause | self.determiners

    def is_name(self, word: Word) -> bool:
        lower = word.lower
        if lower.endswith("'s"):
            lower = lower[:-2]
        if lower in self.titles or (self.with_sir and lower in self.sir):
            return True
        if not word.capitalised or lower in _I_FORMS or lower in self.not_names:
            return False
        # capitalised inside a sentence, after "Hey" or "Sorry": a name (not shouting)
        return not (word.text.isupper() and len(word.text) > 1)


#: The rule's word sets, built once per rule, config and names.
_DATA: dict[tuple, tuple[object, _Data]] = {}


def _commas(words: list[Word], text: str, data: _Data) -> list[int]:
    """Offsets (word ends) after which a comma is missing, at the start of a sentence."""
    lowered = [w.lower for w in words]

    def spaced(i: int) -> bool:
        return i + 1 < len(words) and not text[words[i].end : words[i + 1].start].strip()

    def after_name(k: int) -> list[int]:
        return [words[k].end] if spaced(k) and lowered[k + 1] in data.after_name else []

    # A name, then an address word: "Derek man I can't"
    if (
        len(words) >= 3
        and spaced(0)
        and spaced(1)
        and lowered[1] in data.titles
        and words[0].capitalised
        and lowered[0] not in data.not_a_name
        and lowered[0] not in data.vocative_only
        and lowered[2] in data.clause
    ):
        return [words[0].end, words[1].end]
    # A known name opening the sentence, spoken to: "Tobias we have to go"
    if (
        data.names
        and len(words) >= 2
        and spaced(0)
        and (
            (lowered[0] in data.cast and lowered[1] in data.clause_not_wh)
            or (lowered[0] in data.learned_names and lowered[1] in data.learned_followers)
        )
    ):
        return [words[0].end]
    # An address-only trigger: "Sorry Sam but", "Thank you Doctor"
    for phrase in data.address_by_first.get(lowered[0], ()):
        n = len(phrase)
        if tuple(lowered[:n]) != phrase or len(words) <= n:
            continue
        if all(spaced(i) for i in range(n)) and data.is_name(words[n]):
            return [words[n - 1].end, *after_name(n)]
        return []  # "Sorry I'm late", "Thank you, Doctor"
    if lowered[0] in data.adverbs:
        # "Really this has nothing to do with me", "Again I am dealing with idiots"
        return [words[0].end] if spaced(0) and lowered[1] in data.adverb_followers else []
    commas: list[int] = []
    i = 0
    opening = data.opening
    while i < len(words) - 1 and lowered[i] in opening:
        following = words[i + 1]
        if lowered[i] in data.vocative_only and spaced(i):
            thanks = _thanks_at(lowered, i + 1, spaced, data)
            if thanks:
                last = i + thanks
                if lowered[i] in data.comma_before_thanks:
                    commas.append(words[i].end)  # "Oh thank God you're still here"
                elif (
                    last + 1 < len(words)
                    and spaced(last)
                    and lowered[last + 1] in data.adverb_followers
                ):
                    commas.append(words[last].end)  # "No thanks I am fine"
                break
        if not spaced(i):
            if text[words[i].end : following.start].strip() == ",":
                i += 1  # "No, listen I'm sorry": the next word may open the sentence again
                continue
            break
        if following.lower in data.sir:
            if data.with_sir:  # "Yes sir" is a house-style choice
                commas.append(words[i].end)
            break
        if (lowered[i], following.lower) in data.idioms:
            break
        if following.lower in data.pronoun_only:
            commas.append(words[i].end)  # "Okay look I get it"
            i += 1
            continue
        if lowered[i] in data.pronoun_only and _object_of(lowered, i, spaced, data):
            break  # "Look it up", "Look Life in its iron face": the verb and its object
        if data.is_name(following) and following.lower not in data.clause:
            rest = after_name(i + 1)
            title = following.lower in data.titles
            ends = i + 2 >= len(words) or not spaced(i + 1)
            if lowered[i] in data.vocative_only and not rest:
                break  # "Oh Marilla, I'm happy", "No man can": old style, or not a name
            if title and not (rest or ends):
                break  # "Hey man I" needs its commas, "no man ever" is no address
            commas.append(words[i].end)
            commas += rest
            break
        if lowered[i] in data.vocative_only:
            break  # "No you can't", "Well I never": comma-less retorts in many novels
        allowed = data.clause_not_wh if lowered[i] in data.pronoun_only else data.clause
        if following.lower in allowed:
            commas.append(words[i].end)
        break
    return commas


def _object_of(lowered: list[str], index: int, spaced: Callable[[int], bool], data: _Data) -> bool:
    """Whether the word after ``lowered[index]`` (look, listen) is its object: a particle
    or preposition follows it ("Look it over", "Look him in the eye")."""
    return index + 2 < len(lowered) and spaced(index + 1) and lowered[index + 2] in data.particles


def _thanks_at(lowered: list[str], index: int, spaced: Callable[[int], bool], data: _Data) -> int:
    """How many words a thanks ("thank God", "thanks") starting at ``index`` has, or 0."""
    for phrase in data.thanks.get(lowered[index], ()):
        n = len(phrase)
        if tuple(lowered[index : index + n]) == phrase and all(
            spaced(k) for k in range(index, index + n - 1)
        ):
            return n
    return 0


def _may_need_comma(text: str, sentence: int, end: int, data: _Data) -> bool:
    """A cheap look at the first two words of a sentence, for :func:`_commas`: it finds a
    comma missing only if the first word is followed by a space, or by a comma with an
    opening word on both sides ("No, no you can't"). False only when it surely finds none.
    """
    words = words_between(text, sentence, end, limit=2)
    if len(words) < 2:
        return False  # _commas needs two words
    if words[1].end + 2 >= sentence + 2 * 24:
        return True  # near the end of what words_between reads for two words: may differ
    gap = text[words[0].end : words[1].start].strip()
    opening = data.opening
    return not gap or (gap == "," and words[0].lower in opening and words[1].lower in opening)


@paragraph_kind("missing-comma", depends=("conventions", "names", "options"))
def missing_comma(paragraph: Paragraph, context: Context, rule: Rule) -> Iterator[Finding]:
    text = paragraph.text
    if not quotations(paragraph, context) and not stray_closes(paragraph, context):
        return  # no dialogue: the usual case, told before the word sets are looked at
    key = (rule.id, context.names)
    cached = _DATA.get(key)
    if cached is not None and cached[0] is context.config:
        data = cached[1]
    else:
        if len(_DATA) > 64:
            _DATA.clear()
        data = _Data(rule, context)
        _DATA[key] = (context.config, data)
    present = data.any_starter & paragraph.word_set
    if not present:
        return
    spans = _spans(paragraph, context)
    if not spans:
        return
    lowered = paragraph.lowered
    if len(lowered) != len(text):
        return  # a letter whose lowercase is longer: offsets would not match
    # most of the words are in the narration only ("Jo" in "said Jo"): drop them at once
    dialogue_start, dialogue_end = spans[0][0], spans[-1][1]
    present = [word for word in present if lowered.find(word, dialogue_start, dialogue_end) >= 0]
    if not present:
        return
    for start, end in spans:
        for sentence in _openings(text, lowered, start, end, present, data):
            if not _may_need_comma(text, sentence, end, data):
                continue
            words = words_between(text, sentence, end, limit=6)
            if not words:
                continue
            commas = _commas(words, text, data)
            if not commas:
                continue
            first, stop = words[0].start, commas[-1]
            fixed = text[first:stop]
            for offset in sorted(commas, reverse=True):
                fixed = fixed[: offset - first] + "," + fixed[offset - first :]
            after = next((w for w in words if w.start >= stop), None)
            shown = text[first : after.end if after else stop]
            phrase = [w for w in words if w.start < (after.end if after else stop)]
            spoken_to = any(
                w.lower in data.titles
                or (w.capitalised and w.lower not in _I_FORMS and not w.lower.endswith("'s"))
                for w in phrase[1:]
            ) or (phrase[0].lower not in data.opening)
            if phrase[0].lower in data.adverbs:
                message = rule.data["adverb-message"]
            else:
                message = rule.data["address-message" if spoken_to else "message"]
            yield Finding(
                rule.id,
                first,
                stop,
                message.format(phrase=shown),
                (Fix(fixed, rule.data["fix-description"]),),
            )
