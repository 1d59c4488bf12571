"""False alarms on books the confusion model never saw: findings per 10,000 words.

    python benchmarks/heldout_books.py ../shared/gutenberg
    python benchmarks/heldout_books.py ../shared/gutenberg --confidence normal --show

The books are the ones the trainer (``tools/train_confusables.py``) left out of both
counting and tuning: a seeded random sample of the folder, listed in the model file's
header (``books.heldout``) and checked here against the trainer's own split. Each book
is checked on its own with the homophone rules (or ``--select``); ``--show`` prints every
finding with its line, for reading by hand.
"""

from __future__ import annotations

import argparse
import lzma
import sys
from collections import Counter
from pathlib import Path

from storylint.checks.homophones.model import model, model_path
from storylint.config import from_mapping
from storylint.engine import Engine
from storylint.read.source import SourceFile

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
from train_confusables import split_books


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("books", type=Path, help="the folder the model was trained from")
    parser.add_argument("--select", default="homophones")
    parser.add_argument("--confidence", choices=("high", "normal"), default="high")
    parser.add_argument("--show", action="store_true", help="print every finding")
    args = parser.parse_args()
    loaded = model()
    if loaded is None:
        sys.exit(f"{model_path()}: no model")
    books = loaded.header["books"]
    heldout = books["heldout"]
    names = [p.name for p in args.books.glob("*.txt.xz")]
    expected = split_books(names, len(heldout), len(books["tune"])).heldout
    if list(expected) != heldout:
        sys.exit("the model's held-out books are not this folder's seeded sample")
    settings = {"select": args.select.split(","), "homophones": {"confidence": args.confidence}}
    engine = Engine(from_mapping(settings, "held-out books"))
    per_rule: Counter[str] = Counter()
    total_words = 0
    for name in heldout:
        with lzma.open(args.books / name, "rt", encoding="utf-8") as file:
            text = file.read()
        total_words += len(text.split())
        reports = engine.check(SourceFile(name, text, "text"))
        per_rule.update(r.rule.id for r in reports)
        if args.show:
            source = SourceFile(name, text, "text")
            for report in reports:
                line, column = source.lines.position(report.start)
                excerpt = " ".join(text[max(0, report.start - 70) : report.end + 50].split())
                print(f"{name}:{line + 1}:{column + 1} {report.rule.id}: {report.finding.message}")
                print(f"    …{excerpt}…")
    print(f"\n{'rule':<40} {'findings':>9} {'per 10k words':>14}")
    for rule, count in sorted(per_rule.items()):
        print(f"{rule:<40} {count:>9} {count * 10_000 / total_words:>14.3f}")
    total = sum(per_rule.values())
    print(f"{'all':<40} {total:>9} {total * 10_000 / total_words:>14.3f}")
    print(f"({total_words:,} words in {len(heldout)} held-out books, confidence {args.confidence})")


if __name__ == "__main__":
    main()
