"""What each homophone pattern adds to the confusion model: catches and false alarms.

    python benchmarks/pattern_value.py ../shared/corpus
    python benchmarks/pattern_value.py --gutenberg ../shared/gutenberg --books 30

For every rule of kind ``confusable`` that keeps ``[[rule.patterns]]``, each pattern is
run on its own next to the rule's model-only check, on the novels of a folder or on the
model's *tuning* books (``--gutenberg``: books never counted, never used for measuring;
mistakes are planted in a seeded sample of ``--books`` of them, false alarms are counted
in all). Reported per pattern: the planted mistakes (every family of
``benchmarks/error_injection.py`` of the rule's sets) it catches that the model misses,
and its findings in the unchanged texts that the model does not share (false alarms,
or real slips in the e-texts: ``--show`` prints them). A pattern earns its place with
catches of its own and no findings of its own in clean text.
"""

from __future__ import annotations

import argparse
import lzma
import random
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

from error_injection import FAMILIES, MODEL_FAMILIES, inject, paragraphs_with
from storylint.checks import all_rules
from storylint.checks.homophones.model import model
from storylint.checks.registry import Rule
from storylint.config import from_mapping
from storylint.engine import Engine
from storylint.read.source import SourceFile


def texts_of(args: argparse.Namespace, books: int | None) -> dict[str, str]:
    """The texts to measure on: the novels of the folder, or (``--gutenberg``) a seeded
    sample of ``books`` of the model's tuning books (all of them if None)."""
    if args.gutenberg:
        loaded = model()
        if loaded is None:
            sys.exit("no confusion model")
        tune = list(loaded.header["books"]["tune"])
        chosen = tune if books is None else random.Random(7).sample(tune, min(books, len(tune)))
        return {
            name: lzma.open(args.gutenberg / name, "rt", encoding="utf-8").read()
            for name in sorted(chosen)
        }
    return {
        p.name: p.read_text(encoding="utf-8-sig")
        for p in sorted(args.folder.iterdir())
        if p.suffix in (".txt", ".md") and p.stem != "MANIFEST"
    }


def split_rule(rule: Rule) -> list[Rule]:
    """The rule's model alone, then each of its patterns alone (with the model's
    exclusions: names, capitals, emphasis, dialect)."""
    shared = {k: v for k, v in rule.data.items() if k != "patterns"}
    parts = [replace(rule, id=f"{rule.id}#model", data={"sets": rule.data["sets"]})]
    for number, pattern in enumerate(rule.data.get("patterns", []), 1):
        data = {**shared, "patterns": [pattern], "model": False}
        parts.append(replace(rule, id=f"{rule.id}#{number}", data=data))
    return parts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, nargs="?")
    parser.add_argument("--gutenberg", type=Path, help="the books the model was trained from")
    parser.add_argument("--books", type=int, default=30)
    parser.add_argument("--rule", action="append", help="only this rule (repeatable)")
    parser.add_argument("--show", action="store_true", help="print the patterns' own findings")
    args = parser.parse_args()
    if not (args.folder or args.gutenberg):
        parser.error("give a folder of novels or --gutenberg")
    texts = texts_of(args, args.books)
    rules = [
        r
        for r in all_rules().values()
        if r.kind == "confusable"
        and r.data.get("patterns")
        and (not args.rule or r.id in args.rule)
    ]
    families = FAMILIES + MODEL_FAMILIES
    print(f"planted in {len(texts)} texts, {sum(len(t.split()) for t in texts.values()):,} words")
    parts = {rule.id: split_rule(rule) for rule in rules}
    unique: dict[str, Counter[str]] = {}
    planted: Counter[str] = Counter()
    by_model: Counter[str] = Counter()
    for rule in rules:
        engine = Engine(from_mapping({}, "patterns"), rules=parts[rule.id])
        words = {w for members in rule.data["sets"] for w in members}
        unique[rule.id] = Counter()
        for family in (f for f in families if _words(f) <= words):
            for name, original in texts.items():
                text, spans = inject(paragraphs_with(original, family), family)
                if not spans:
                    continue
                found: dict[str, list[tuple[int, int]]] = {}
                for report in engine.check(SourceFile(name, text, "text")):
                    found.setdefault(report.rule.id, []).append((report.start, report.end))
                for start, end in spans:
                    planted[rule.id] += 1
                    hit = {
                        part
                        for part, places in found.items()
                        if any(s < end and start < e for s, e in places)
                    }
                    if f"{rule.id}#model" in hit:
                        by_model[rule.id] += 1
                    else:
                        unique[rule.id].update(hit)
    # the unchanged texts: every tuning book (or the novels), all rules at once
    clean = texts_of(args, None) if args.gutenberg else texts
    print(f"clean: {len(clean)} texts, {sum(len(t.split()) for t in clean.values()):,} words")
    engine = Engine(from_mapping({}, "patterns"), rules=[p for r in rules for p in parts[r.id]])
    alarms: Counter[str] = Counter()
    shown: dict[str, list[str]] = {}
    for name, text in clean.items():
        found = engine.check(SourceFile(name, text, "text"))
        model_spans = [(r.start, r.end) for r in found if r.rule.id.endswith("#model")]
        for report in found:
            part = report.rule.id
            if part.endswith("#model"):
                alarms[part] += 1
                continue
            if any(s < report.end and report.start < e for s, e in model_spans):
                continue
            alarms[part] += 1
            excerpt = " ".join(text[max(0, report.start - 60) : report.end + 40].split())
            shown.setdefault(part, []).append(f"      {name}: …{excerpt}…")
    for rule in rules:
        print(
            f"\n{rule.id}: {planted[rule.id]} planted, model {by_model[rule.id]}; "
            f"model in clean text: {alarms[rule.id + '#model']}"
        )
        for number, pattern in enumerate(rule.data["patterns"], 1):
            part = f"{rule.id}#{number}"
            print(
                f"  #{number:<3} +{unique[rule.id][part]:<5} catches, {alarms[part]} own findings"
                f"  {pattern['match']}"
            )
            if args.show:
                print("\n".join(shown.get(part, [])))


def _words(family) -> set[str]:
    """The words a family plants and replaces (apostrophes as ')."""
    right = family.right.replace("['’]", "'")
    return {right.split("(")[0], family.wrong.replace("{'}", "'").split("\\")[0]}


if __name__ == "__main__":
    main()
