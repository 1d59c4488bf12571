"""False alarms on edited prose: findings per rule per 10,000 words, file by file.

    python benchmarks/corpus_report.py ../shared/corpus
    python benchmarks/corpus_report.py ../shared/corpus --show dialogue.unclosed-quote
    python benchmarks/corpus_report.py --sample tuning --select dialogue --show dialogue
    python benchmarks/corpus_report.py --sample measurement --select dialogue --summary
    python benchmarks/corpus_report.py --sample measurement --select dialogue --draw 50

Every file is checked on its own (as a writer would check one novel), with the default
rules or ``--select``. ``--show RULE`` prints each finding of that rule (or category)
with its line, for reading by hand.

``--sample NAME`` checks a fixed sample of the books in ``../shared/gutenberg/`` (xz
text) instead of a folder: ``measurement`` (200 books, the figures the README gives;
never read while changing rules), ``tuning`` and ``tuning-2`` (100 other books each, to
read while changing them), ``measurement-1`` and ``measurement-2`` (the first two
200-book measurement samples: their flags were read when they were reported, so they are
tuning data now), or the path of a list of file names. The lists are in
``benchmarks/samples/`` with the seeds that drew them; no two overlap. ``--summary``
prints only the totals per rule (no file names, no findings); ``--draw N`` prints N
findings drawn at random (``--seed``) with their lines, for judging by hand which are
real errors in the e-texts; ``--save FILE`` writes every finding as JSON (document,
rule, line, column, message), to compare two versions.
"""

from __future__ import annotations

import argparse
import json
import lzma
import random
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

_HERE = Path(__file__).resolve().parent
SAMPLES = {
    "measurement": _HERE / "samples" / "dialogue-measurement-3.txt",
    "measurement-2": _HERE / "samples" / "dialogue-measurement-2.txt",
    "measurement-1": _HERE / "samples" / "dialogue-measurement.txt",
    "tuning": _HERE / "samples" / "dialogue-tuning.txt",
    "tuning-2": _HERE / "samples" / "dialogue-tuning-2.txt",
}
GUTENBERG = _HERE.parents[1] / "shared" / "gutenberg"


def findings(name: str, text: str, select: str | None) -> list[dict]:
    """storylint's findings on one document, read from stdin as ``name``."""
    command = [sys.executable, "-m", "storylint", "check", "--format", "json", "--jobs", "1"]
    command += ["-", "--stdin-filename", name]
    if select:
        command += ["--select", select]
    result = subprocess.run(
        command, input=text, capture_output=True, text=True, encoding="utf-8", check=False
    )
    if result.returncode not in (0, 1):
        sys.exit(f"storylint failed on {name}: {result.stderr}")
    return json.loads(result.stdout)


def _sample_names(sample: str) -> list[str]:
    path = SAMPLES.get(sample, Path(sample))
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def documents(args: argparse.Namespace) -> Iterator[tuple[str, str]]:
    """(name, text) of every document to check, in order."""
    if args.sample:
        for name in _sample_names(args.sample):
            with lzma.open(args.gutenberg / name, "rt", encoding="utf-8") as handle:
                yield name.removesuffix(".xz"), handle.read()
        return
    for path in sorted(p for p in args.folder.iterdir() if p.suffix in (".txt", ".md")):
        yield path.name, path.read_text(encoding="utf-8")


def _around(lines: list[str], line: int) -> str:
    """The line of a finding with two lines either side (a finding's paragraph, mostly)."""
    return "\n".join(lines[max(0, line - 3) : line + 2])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, nargs="?")
    parser.add_argument(
        "--sample",
        help="measurement, tuning, tuning-2, measurement-1, measurement-2, or a file of book names",
    )
    parser.add_argument("--gutenberg", type=Path, default=GUTENBERG, help="the books' folder")
    parser.add_argument("--select", help="rules or categories to run (default: all default rules)")
    parser.add_argument("--show", help="print every finding of this rule or category")
    parser.add_argument("--summary", action="store_true", help="print only the totals per rule")
    parser.add_argument("--draw", type=int, default=0, help="print N findings drawn at random")
    parser.add_argument("--seed", type=int, default=50, help="seed of --draw")
    parser.add_argument("--workers", type=int, default=2, help="documents checked at once")
    parser.add_argument("--save", type=Path, help="write every finding to this JSON file")
    args = parser.parse_args()
    if (args.folder is None) == (args.sample is None):
        parser.error("give a folder or --sample, not both")
    per_rule: Counter[str] = Counter()
    total_words = 0
    every: list[tuple[str, dict, str]] = []  # (document, finding, lines around it)
    if not args.summary:
        print(f"{'file':<38} {'words':>9} {'findings':>9} {'per 10k':>8}")
    docs = list(documents(args))
    with ThreadPoolExecutor(max_workers=args.workers) as pool:
        results = pool.map(lambda doc: findings(doc[0], doc[1], args.select), docs)
        for (name, text), found in zip(docs, results, strict=True):
            words = len(text.split())
            total_words += words
            per_rule.update(f["rule"] for f in found)
            lines = text.splitlines()
            every += [(name, f, _around(lines, f["line"])) for f in found]
            if args.summary:
                continue
            rate = len(found) * 10_000 / words
            print(f"{name[:38]:<38} {words:>9,} {len(found):>9} {rate:>8.3f}")
            if args.show:
                for f in found:
                    if args.show in (f["rule"], f["category"]):
                        print(f"    {f['line']}:{f['column']} {f['rule']}: {f['message']}")
                        print(f"        {lines[f['line'] - 1].strip()[:110]}")
    print(f"\n{'rule':<40} {'findings':>9} {'per 10k words':>14}")
    for rule, count in sorted(per_rule.items()):
        print(f"{rule:<40} {count:>9} {count * 10_000 / total_words:>14.3f}")
    total = sum(per_rule.values())
    print(f"{'all rules':<40} {total:>9} {total * 10_000 / total_words:>14.3f}")
    print(f"({total_words:,} words in {len(docs)} files)")
    if args.save:
        saved = [
            {"document": name, **{key: f[key] for key in ("rule", "line", "column", "message")}}
            for name, f, _ in every
        ]
        args.save.write_text(json.dumps(saved, indent=0, ensure_ascii=False), encoding="utf-8")
    if args.draw:
        drawn = random.Random(args.seed).sample(every, min(args.draw, len(every)))
        print(f"\n{len(drawn)} findings drawn at random (seed {args.seed}):")
        for number, (name, f, context) in enumerate(drawn, 1):
            print(f"\n{number}. {name}:{f['line']}:{f['column']} {f['rule']}: {f['message']}")
            for context_line in context.splitlines():
                print(f"    {context_line.strip()[:200]}")


if __name__ == "__main__":
    main()
