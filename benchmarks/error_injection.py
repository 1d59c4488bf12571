"""Error injection: plant confusable mistakes in edited novels and count the share caught.

    python benchmarks/error_injection.py ../shared/corpus
    python benchmarks/error_injection.py ../shared/corpus --family "than→then" --show 20

For each family (a confusable set and a direction, such as "than" written as "then"),
every occurrence of the correct word in every novel is replaced by its confusable, the
case of the first letter kept, one mistake to a paragraph at a time: a paragraph with
three occurrences is checked three times, each time with one of them changed and the
others left right, as a writer's slip sits among correct words. (``--all-at-once``
changes every occurrence of a paragraph together, as the first version of this script
did: "too go too the shop" then has its mistakes in each other's context.) The homophone
rules are run on the changed paragraphs (each novel on its own, so its conventions
hold), and an injected error counts as caught when a homophone finding overlaps it.
The report gives, per family, the number of injected errors, the number caught and the
share, the mean share over families (and over those with at least 20 injections, whose
shares are less noisy), and the share of all injected errors. ``--families original``
keeps to the 32 families measured before the confusion model; ``--confidence normal``
checks at that confidence. ``--show N`` prints up to N missed (or, with ``--caught``,
caught) injections.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator
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

#: The other directions of those sets, and the sets added with the confusion model
#: (issue 15): every member of every set written for every other.
MODEL_FAMILIES = (
    Family("its→it's", r"its", "it{'}s"),
    Family("there→they're", r"there", "they{'}re"),
    Family("their→they're", r"their", "they{'}re"),
    Family("they're→their", rf"they{APOSTROPHE}re", "their"),
    Family("were→we're", r"were", "we{'}re"),
    Family("where→were", r"where", "were"),
    Family("where→we're", r"where", "we{'}re"),
    Family("we're→were", rf"we{APOSTROPHE}re", "were"),
    Family("we're→where", rf"we{APOSTROPHE}re", "where"),
    Family("whose→who's", r"whose", "who{'}s"),
    Family("lets→let's", r"lets", "let{'}s"),
    Family("wont→won't", r"wont", "won{'}t"),
    Family("to→too", r"to", "too"),
    Family("then→than", r"then", "than"),
    Family("loose→lose", r"loose", "lose"),
    Family("loosing→losing", r"loosing", "losing"),
    Family("passed→past", r"passed", "past"),
    Family("breath→breathe", r"breath", "breathe"),
    Family("bare→bear", r"bare", "bear"),
    Family("quite→quiet", r"quite", "quiet"),
    Family("peak→peek", r"peak", "peek"),
    Family("peak→pique", r"peak", "pique"),
    Family("peek→pique", r"peek", "pique"),
    Family("pique→peak", r"pique", "peak"),
    Family("pique→peek", r"pique", "peek"),
    Family("reign→rein", r"reign", "rein"),
    Family("reigns→reins", r"reigns", "reins"),
    Family("reins→reigns", r"reins", "reigns"),
    Family("except→accept", r"except", "accept"),
    Family("affect→effect", r"affect", "effect"),
    Family("advice→advise", r"advice", "advise"),
    Family("weather→whether", r"weather", "whether"),
    Family("threw→through", r"threw", "through"),
    Family("brake→break", r"brake", "break"),
    Family("complement→compliment", r"complement", "compliment"),
    Family("compliments→complements", r"compliments", "complements"),
    Family("complements→compliments", r"complements", "compliments"),
    Family("principle→principal", r"principle", "principal"),
    Family("lead→led", r"lead", "led"),
    Family("hear→here", r"hear", "here"),
    Family("here→hear", r"here", "hear"),
    Family("know→no", r"know", "no"),
    Family("know→now", r"know", "now"),
    Family("no→know", r"no", "know"),
    Family("no→now", r"no", "now"),
    Family("now→know", r"now", "know"),
    Family("now→no", r"now", "no"),
    Family("lie→lay", r"lie", "lay"),
    Family("lay→lie", r"lay", "lie"),
    Family("lying→laying", r"lying", "laying"),
    Family("laying→lying", r"laying", "lying"),
    Family("peace→piece", r"peace", "piece"),
    Family("piece→peace", r"piece", "peace"),
    Family("whole→hole", r"whole", "hole"),
    Family("hole→whole", r"hole", "whole"),
    Family("knew→new", r"knew", "new"),
    Family("new→knew", r"new", "knew"),
    Family("waist→waste", r"waist", "waste"),
    Family("waste→waist", r"waste", "waist"),
    Family("wait→weight", r"wait", "weight"),
    Family("weight→wait", r"weight", "wait"),
    Family("weak→week", r"weak", "week"),
    Family("week→weak", r"week", "weak"),
    Family("tail→tale", r"tail", "tale"),
    Family("tale→tail", r"tale", "tail"),
    Family("tails→tales", r"tails", "tales"),
    Family("tales→tails", r"tales", "tails"),
    Family("role→roll", r"role", "roll"),
    Family("roll→role", r"roll", "role"),
    Family("sight→site", r"sight", "site"),
    Family("site→sight", r"site", "sight"),
    Family("plain→plane", r"plain", "plane"),
    Family("plane→plain", r"plane", "plain"),
    Family("forth→fourth", r"forth", "fourth"),
    Family("fourth→forth", r"fourth", "forth"),
    Family("desert→dessert", r"desert", "dessert"),
    Family("dessert→desert", r"dessert", "desert"),
    Family("stationary→stationery", r"stationary", "stationery"),
    Family("stationery→stationary", r"stationery", "stationary"),
    Family("discreet→discrete", r"discreet", "discrete"),
    Family("discrete→discreet", r"discrete", "discreet"),
    Family("elicit→illicit", r"elicit", "illicit"),
    Family("illicit→elicit", r"illicit", "elicit"),
    Family("which→witch", r"which", "witch"),
    Family("witch→which", r"witch", "which"),
    Family("choose→chose", r"choose", "chose"),
    Family("chose→choose", r"chose", "choose"),
    Family("cloths→clothes", r"cloths", "clothes"),
    Family("clothes→cloths", r"clothes", "cloths"),
    Family("dose→doze", r"dose", "doze"),
    Family("doze→dose", r"doze", "dose"),
    Family("allowed→aloud", r"allowed", "aloud"),
    Family("aloud→allowed", r"aloud", "allowed"),
    Family("baited→bated", r"baited", "bated"),
    Family("bated→baited", r"bated", "baited"),
    Family("sense→since", r"sense", "since"),
    Family("since→sense", r"since", "sense"),
    Family("seen→scene", r"seen", "scene"),
    Family("scene→seen", r"scene", "seen"),
    Family("board→bored", r"board", "bored"),
    Family("bored→board", r"bored", "board"),
    Family("meet→meat", r"meet", "meat"),
    Family("meat→meet", r"meat", "meet"),
    Family("pain→pane", r"pain", "pane"),
    Family("pane→pain", r"pane", "pain"),
    Family("pray→prey", r"pray", "prey"),
    Family("prey→pray", r"prey", "pray"),
    Family("road→rode", r"road", "rode"),
    Family("rode→road", r"rode", "road"),
    Family("soul→sole", r"soul", "sole"),
    Family("sole→soul", r"sole", "soul"),
    Family("steal→steel", r"steal", "steel"),
    Family("steel→steal", r"steel", "steal"),
    Family("vain→vein", r"vain", "vein"),
    Family("vein→vain", r"vein", "vain"),
    Family("wander→wonder", r"wander", "wonder"),
    Family("wonder→wander", r"wonder", "wander"),
    Family("wandered→wondered", r"wandered", "wondered"),
    Family("wondered→wandered", r"wondered", "wandered"),
    Family("throne→thrown", r"throne", "thrown"),
    Family("thrown→throne", r"thrown", "throne"),
    Family("morning→mourning", r"morning", "mourning"),
    Family("mourning→morning", r"mourning", "morning"),
    Family("lessen→lesson", r"lessen", "lesson"),
    Family("lesson→lessen", r"lesson", "lessen"),
    Family("die→dye", r"die", "dye"),
    Family("dye→die", r"dye", "die"),
    Family("dying→dyeing", r"dying", "dyeing"),
    Family("dyeing→dying", r"dyeing", "dying"),
    Family("hour→our", r"hour", "our"),
    Family("our→hour", r"our", "hour"),
    Family("heard→herd", r"heard", "herd"),
    Family("herd→heard", r"herd", "heard"),
    Family("course→coarse", r"course", "coarse"),
    Family("coarse→course", r"coarse", "course"),
    Family("altar→alter", r"altar", "alter"),
    Family("alter→altar", r"alter", "altar"),
    Family("right→write", r"right", "write"),
    Family("write→right", r"write", "right"),
    Family("sail→sale", r"sail", "sale"),
    Family("sale→sail", r"sale", "sail"),
    Family("pale→pail", r"pale", "pail"),
    Family("pail→pale", r"pail", "pale"),
    Family("moral→morale", r"moral", "morale"),
    Family("morale→moral", r"morale", "moral"),
    Family("peer→pier", r"peer", "pier"),
    Family("pier→peer", r"pier", "peer"),
    Family("heal→heel", r"heal", "heel"),
    Family("heel→heal", r"heel", "heal"),
    Family("bridal→bridle", r"bridal", "bridle"),
    Family("bridle→bridal", r"bridle", "bridal"),
    Family("taught→taut", r"taught", "taut"),
    Family("taut→taught", r"taut", "taught"),
    Family("vile→vial", r"vile", "vial"),
    Family("vial→vile", r"vial", "vile"),
    Family("personal→personnel", r"personal", "personnel"),
    Family("personnel→personal", r"personnel", "personal"),
)


def _case(original: str, replacement: str) -> str:
    if original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def _pattern(family: Family) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w'’-]){family.right}(?![\w-]|['’]\w)", re.IGNORECASE)


def inject(text: str, family: Family, only: int | None = None) -> tuple[str, list[tuple[int, int]]]:
    """``text`` with every match of the family's right word replaced (or only the match
    numbered ``only``, counting from 0); the new spans."""
    apostrophe = "’" if text.count("’") > text.count("'") else "'"
    pieces: list[str] = []
    spans: list[tuple[int, int]] = []
    last = 0
    length = 0
    for number, match in enumerate(_pattern(family).finditer(text)):
        if only is not None and number != only:
            continue
        pieces.append(text[last : match.start()])
        length += match.start() - last
        wrong = _case(match.group(), match.expand(family.wrong.replace("{'}", apostrophe)))
        pieces.append(wrong)
        spans.append((length, length + len(wrong)))
        length += len(wrong)
        last = match.end()
    pieces.append(text[last:])
    return "".join(pieces), spans


def _blocks(text: str, family: Family) -> list[str]:
    pattern = _pattern(family)
    blocks = re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n"))
    return [block for block in blocks if pattern.search(block)]


def paragraphs_with(text: str, family: Family) -> str:
    """Only the paragraphs where the family's word occurs (checking them is enough)."""
    return "\n\n".join(_blocks(text, family))


def planted(
    text: str, family: Family, at_once: bool
) -> Iterator[tuple[str, list[tuple[int, int]]]]:
    """Texts to check, each with the spans of its planted mistakes: every occurrence in
    the paragraphs of ``text`` is planted once. Round ``n`` changes the ``n``-th
    occurrence of each paragraph that has one (all of them at once with ``at_once``)."""
    if at_once:
        yield inject(paragraphs_with(text, family), family)
        return
    blocks = _blocks(text, family)
    pattern = _pattern(family)
    counts = [len(pattern.findall(block)) for block in blocks]
    for round_ in range(max(counts, default=0)):
        pieces: list[str] = []
        spans: list[tuple[int, int]] = []
        length = 0
        for block, count in zip(blocks, counts, strict=True):
            if count <= round_:
                continue
            if pieces:
                pieces.append("\n\n")
                length += 2
            changed, where = inject(block, family, round_)
            spans.extend((start + length, end + length) for start, end in where)
            pieces.append(changed)
            length += len(changed)
        yield "".join(pieces), spans


def run(
    folder: Path,
    families: tuple[Family, ...],
    show: int,
    caught_only: bool,
    confidence: str = "high",
    at_once: bool = False,
) -> float:
    settings = {"select": ["homophones"], "homophones": {"confidence": confidence}}
    engine = Engine(from_mapping(settings, "error injection"))
    novels = sorted(
        p for p in folder.iterdir() if p.suffix in (".txt", ".md") and p.stem != "MANIFEST"
    )
    texts = {p: p.read_text(encoding="utf-8-sig") for p in novels}
    shares = []
    large = []
    all_injected = all_caught = 0
    print(f"{'family':<28} {'injected':>9} {'caught':>7} {'share':>7}")
    for family in families:
        injected = caught = 0
        examples: list[str] = []
        for path, original in texts.items():
            for text, spans in planted(original, family, at_once):
                if not spans:
                    continue
                source = SourceFile(path.name, text, "text")
                found = [(r.start, r.end) for r in engine.check(source)]
                for start, end in spans:
                    hit = any(s < end and start < e for s, e in found)
                    injected += 1
                    caught += hit
                    if hit == caught_only and len(examples) < show:
                        line = text[max(0, start - 50) : end + 40].replace("\n", " ")
                        examples.append(f"    {path.stem}: …{line}…")
        if not injected:
            print(f"{family.name:<28} {0:>9} {'-':>7} {'-':>7}")
            continue
        share = caught / injected
        shares.append(share)
        if injected >= 20:
            large.append(share)
        all_injected += injected
        all_caught += caught
        print(f"{family.name:<28} {injected:>9} {caught:>7} {share:>7.1%}")
        for example in examples:
            print(example)
    mean = sum(shares) / len(shares) if shares else 0.0
    print(f"{'mean over ' + str(len(shares)) + ' families':<46} {mean:>7.1%}")
    if large:
        label = f"mean over the {len(large)} with 20 or more"
        print(f"{label:<46} {sum(large) / len(large):>7.1%}")
    overall = all_caught / all_injected if all_injected else 0.0
    print(f"{'overall: ' + f'{all_caught} of {all_injected}':<46} {overall:>7.1%}")
    return mean


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--family", action="append", help="only this family (repeatable)")
    parser.add_argument("--show", type=int, default=0, help="print up to N missed injections")
    parser.add_argument("--caught", action="store_true", help="with --show: print caught ones")
    parser.add_argument(
        "--families",
        choices=("all", "original", "model"),
        default="all",
        help="the 32 original families, the model's new sets, or both (default)",
    )
    parser.add_argument("--confidence", choices=("high", "normal"), default="high")
    parser.add_argument(
        "--all-at-once",
        action="store_true",
        help="change every occurrence of a paragraph together (the first version's way)",
    )
    args = parser.parse_args()
    families = {
        "all": FAMILIES + MODEL_FAMILIES,
        "original": FAMILIES,
        "model": MODEL_FAMILIES,
    }[args.families]
    if args.family:
        everything = FAMILIES + MODEL_FAMILIES
        families = tuple(f for f in everything if f.name in args.family)
        if not families:
            sys.exit(f"no such family; families: {', '.join(f.name for f in everything)}")
    run(args.folder, families, args.show, args.caught, args.confidence, args.all_at_once)


if __name__ == "__main__":
    main()
