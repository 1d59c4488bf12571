"""Time the names index of a novel: read its paragraphs, count names, find variants.

    python benchmarks/names_index.py ../shared/corpus/little_women.txt

Prints the best of ``--runs`` (CPU time of this process) for each step, from parsed
paragraphs with nothing cached: the word list, the index, and the variant search.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from storylint.checks.names.cast import Cast
from storylint.checks.names.clusters import suspects
from storylint.checks.names.index import NameIndex
from storylint.checks.names.lexicon import titles
from storylint.data import _english
from storylint.parse.document import parse_document
from storylint.read.source import read_file


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    clock = time.process_time
    start = clock()
    _english()
    titles()
    words = clock() - start
    document = parse_document(read_file(args.file, args.file.name))
    best_index = best_variants = float("inf")
    for _ in range(args.runs):
        for paragraph in document.paragraphs:
            paragraph.memo.clear()
        start = clock()
        index = NameIndex([document])
        _ = index.names
        middle = clock()
        found = suspects(index, Cast())
        end = clock()
        best_index = min(best_index, middle - start)
        best_variants = min(best_variants, end - middle)
    print(f"{args.file.name}: {len(index.forms)} capitalised forms, {len(index.names)} names")
    print(f"word list load  {words:.3f} s")
    print(f"index           {best_index:.3f} s")
    print(f"variants        {best_variants:.3f} s  ({len(found)} suspects)")


if __name__ == "__main__":
    main()
