"""Error injection: plant confusable mistakes in edited novels and count the share caught.

    python benchmarks/error_injection.py ../shared/corpus
    python benchmarks/error_injection.py ../shared/corpus --family "than→then" --show 20

For each family (a confusable set and a direction, such as "than" written as "then"),
every occurrence of the correct word in every novel is replaced by its confusable, the
case of the first letter kept; the homophone rules are run on the changed paragraphs
(each novel on its own, so its conventions hold), and an injected error counts as
caught when a homophone finding overlaps it. The report gives, per family, the number
of injected errors, the number caught and the share, and the mean share over families.
``--show N`` prints up to N missed (or, with ``--caught``, caught) injections.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from storylint.config import from_mapping
from storylint.engine import Engine
from storylint.read.source import SourceFile

APOSTROPHE = "['’]"


@dataclass(frozen=True)
class Family:
    """Replace ``right`` (a regex over one or more words) by ``wrong``."""

    name: str
    right: str
    wrong: str


# ``{'}`` in ``wrong`` stands for the apostrophe the text used; ``\1`` for a group of
# ``right``.
FAMILIES = (
    Family("than→then", r"than", "then"),
    Family("it's→its", rf"it{APOSTROPHE}s", "its"),
    Family("you're→your", rf"you{APOSTROPHE}re", "your"),
    Family("your→you're", r"your", "you{'}re"),
    Family("their→there", r"their", "there"),
    Family("they're→there", rf"they{APOSTROPHE}re", "there"),
    Family("there→their", r"there", "their"),
    Family("were→where", r"were", "where"),
    Family("who's→whose", rf"who{APOSTROPHE}s", "whose"),
    Family("too→to", r"too", "to"),
    Family("lose→loose", r"lose", "loose"),
    Family("losing→loosing", r"losing", "loosing"),
    Family("let's→lets", rf"let{APOSTROPHE}s", "lets"),
    Family("won't→wont", rf"won{APOSTROPHE}t", "wont"),
    Family("past→passed", r"past", "passed"),
    Family("breathe→breath", r"breathe", "breath"),
    Family("bear→bare", r"bear", "bare"),
    Family("quiet→quite", r"quiet", "quite"),
    Family("peek→peak", r"peek", "peak"),
    Family("rein→reign", r"rein(s?)", r"reign\1"),
    Family("accept→except", r"accept", "except"),
    Family("effect→affect", r"effect", "affect"),
    Family("advise→advice", r"advise", "advice"),
    Family("whether→weather", r"whether", "weather"),
    Family("through→threw", r"through", "threw"),
    Family("break→brake", r"break", "brake"),
    Family("compliment→complement", r"compliment(s?)", r"complement\1"),
    Family("principal→principle", r"principal", "principle"),
    Family("led→lead", r"led", "lead"),
    Family("supposed to→suppose to", r"supposed(?= to\b)", "suppose"),
    Family("used to→use to", r"used(?= to [a-z]+)", "use"),
    Family(
        "have→of after a modal",
        r"(?:(?<=would )|(?<=could )|(?<=should )|(?<=must )|(?<=might ))"
        r"have(?= [a-z]+(?:ed|en|wn|ne|ght)\b)",
        "of",
    ),
)


def _case(original: str, replacement: str) -> str:
    if original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def inject(text: str, family: Family) -> tuple[str, list[tuple[int, int]]]:
    """``text`` with every match of the family's right word replaced; the new spans."""
    pattern = re.compile(rf"(?<![\w'’-]){family.right}(?![\w-]|['’]\w)", re.IGNORECASE)
    apostrophe = "’" if text.count("’") > text.count("'") else "'"
    pieces: list[str] = []
    spans: list[tuple[int, int]] = []
    last = 0
    length = 0
    for match in pattern.finditer(text):
        pieces.append(text[last : match.start()])
        length += match.start() - last
        wrong = _case(match.group(), match.expand(family.wrong.replace("{'}", apostrophe)))
        pieces.append(wrong)
        spans.append((length, length + len(wrong)))
        length += len(wrong)
        last = match.end()
    pieces.append(text[last:])
    return "".join(pieces), spans


def paragraphs_with(text: str, family: Family) -> str:
    """Only the paragraphs where the family's word occurs (checking them is enough)."""
    pattern = re.compile(rf"(?<![\w'’-]){family.right}(?![\w-]|['’]\w)", re.IGNORECASE)
    blocks = re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n"))
    return "\n\n".join(block for block in blocks if pattern.search(block))


def run(folder: Path, families: tuple[Family, ...], show: int, caught_only: bool) -> float:
    engine = Engine(from_mapping({"select": ["homophones"]}, "error injection"))
    novels = sorted(
        p for p in folder.iterdir() if p.suffix in (".txt", ".md") and p.stem != "MANIFEST"
    )
    texts = {p: p.read_text(encoding="utf-8-sig") for p in novels}
    shares = []
    print(f"{'family':<28} {'injected':>9} {'caught':>7} {'share':>7}")
    for family in families:
        injected = caught = 0
        examples: list[str] = []
        for path, original in texts.items():
            text, spans = inject(paragraphs_with(original, family), family)
            if not spans:
                continue
            found = [(r.start, r.end) for r in engine.check(SourceFile(path.name, text, "text"))]
            for start, end in spans:
                hit = any(s < end and start < e for s, e in found)
                injected += 1
                caught += hit
                if hit == caught_only and len(examples) < show:
                    line = text[max(0, start - 50) : end + 40].replace("\n", " ")
                    examples.append(f"    {path.stem}: …{line}…")
        share = caught / injected if injected else 0.0
        shares.append(share)
        print(f"{family.name:<28} {injected:>9} {caught:>7} {share:>7.1%}")
        for example in examples:
            print(example)
    mean = sum(shares) / len(shares) if shares else 0.0
    print(f"{'mean over ' + str(len(shares)) + ' families':<46} {mean:>7.1%}")
    return mean


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--family", action="append", help="only this family (repeatable)")
    parser.add_argument("--show", type=int, default=0, help="print up to N missed injections")
    parser.add_argument("--caught", action="store_true", help="with --show: print caught ones")
    args = parser.parse_args()
    families = FAMILIES
    if args.family:
        families = tuple(f for f in FAMILIES if f.name in args.family)
        if not families:
            sys.exit(f"no such family; families: {', '.join(f.name for f in FAMILIES)}")
    run(args.folder, families, args.show, args.caught)


if __name__ == "__main__":
    main()
