"""Two speakers in one paragraph: ``"Hold it," Tobias said. "I can't," Maren said.``"""

from __future__ import annotations

from collections.abc import Iterator

from storylint.checks.context import Context
from storylint.checks.dialogue.speech import (
    closed,
    needs_speech_verb,
    speech_verbs,
    tag_of,
    tag_word,
)
from storylint.checks.registry import Rule, paragraph_kind
from storylint.findings import Finding, Fix
from storylint.parse.paragraph import Paragraph


@paragraph_kind("two-speakers", depends=("conventions",), triggers=needs_speech_verb)
def two_speakers(paragraph: Paragraph, context: Context, rule: Rule) -> Iterator[Finding]:
    text = paragraph.text
    quotes = closed(paragraph, context)
    if len(quotes) < 2:
        return
    first_speaker: str | None = None
    for index, quotation in enumerate(quotes):
        limit = quotes[index + 1].open.offset if index + 1 < len(quotes) else len(text)
        first = tag_word(paragraph, quotation.close.offset + 1)
        if first is None or (
            first.end < limit and not first.capitalised and first.lower not in speech_verbs()
        ):
            continue  # neither "Jo said" nor "said Jo"
        tag = tag_of(paragraph, quotation.close.offset + 1, limit=limit)
        if tag is None or tag.verb_class != "speech" or tag.pronoun:
            continue
        if not all(w.capitalised for w in tag.subject):
            continue
        speaker = " ".join(w.text for w in tag.subject)
        if first_speaker is None:
            first_speaker = speaker
            continue
        if speaker in first_speaker or first_speaker in speaker:
            continue
        start = quotation.open.offset
        gap_start = start
        while gap_start > 0 and text[gap_start - 1] in " \t":
            gap_start -= 1
        if gap_start == start or text[gap_start - 1] not in ".!?":
            return
        yield Finding(
            rule.id,
            gap_start,
            start + 1,
            rule.data["message"].format(first=first_speaker, second=speaker),
            (Fix("\n\n" + text[start], rule.data["fix-description"], safe=False),),
        )
        return
