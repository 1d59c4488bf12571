"""False alarms on edited prose: findings per rule per 10,000 words, file by file.

    python benchmarks/corpus_report.py ../shared/corpus
    python benchmarks/corpus_report.py ../shared/corpus --show dialogue.unclosed-quote

Every file is checked on its own (as a writer would check one novel), with the default
rules or ``--select``. ``--show RULE`` prints each finding of that rule (or category)
with its line, for reading by hand.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path


def findings(path: Path, select: str | None) -> list[dict]:
    command = [sys.executable, "-m", "storylint", "check", "--format", "json", str(path)]
    if select:
        command += ["--select", select]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode not in (0, 1):
        sys.exit(f"storylint failed on {path}: {result.stderr}")
    return json.loads(result.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--select", help="rules or categories to run (default: all default rules)")
    parser.add_argument("--show", help="print every finding of this rule or category")
    args = parser.parse_args()
    files = sorted(p for p in args.folder.iterdir() if p.suffix in (".txt", ".md"))
    per_rule: Counter[str] = Counter()
    total_words = 0
    print(f"{'file':<38} {'words':>9} {'findings':>9} {'per 10k':>8}")
    for path in files:
        text = path.read_text(encoding="utf-8")
        words = len(text.split())
        total_words += words
        found = findings(path, args.select)
        per_rule.update(f["rule"] for f in found)
        print(f"{path.name:<38} {words:>9,} {len(found):>9} {len(found) * 10_000 / words:>8.3f}")
        if args.show:
            lines = text.splitlines()
            for f in found:
                if args.show in (f["rule"], f["category"]):
                    print(f"    {f['line']}:{f['column']} {f['rule']}: {f['message']}")
                    print(f"        {lines[f['line'] - 1].strip()[:110]}")
    print(f"\n{'rule':<40} {'findings':>9} {'per 10k words':>14}")
    for rule, count in sorted(per_rule.items()):
        print(f"{rule:<40} {count:>9} {count * 10_000 / total_words:>14.3f}")
    total = sum(per_rule.values())
    print(f"{'all rules':<40} {total:>9} {total * 10_000 / total_words:>14.3f}")
    print(f"({total_words:,} words in {len(files)} files)")


if __name__ == "__main__":
    main()
