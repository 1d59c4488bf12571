"""Golden files for the sample chapters: ``seeds/expected/<chapter>.json``.

Each holds the exact JSON findings ``storylint check seeds --format json`` reports for
that chapter (all chapters are checked together, as a writer would). After a change
that is meant to alter them, regenerate and review the diff:

    python tests/golden.py --update
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from conftest import ROOT, SEEDS, run_cli

EXPECTED = SEEDS / "expected"
CHAPTER_SUFFIXES = (".txt", ".md")


def chapters() -> list[Path]:
    return sorted(p for p in SEEDS.iterdir() if p.suffix in CHAPTER_SUFFIXES)


def current() -> dict[str, list[dict]]:
    """What storylint reports for each chapter now."""
    result = run_cli("check", "--format", "json", "seeds", cwd=ROOT)
    assert result.returncode in (0, 1), result.stderr
    by_file: dict[str, list[dict]] = {p.name: [] for p in chapters()}
    for finding in result.json:
        by_file[Path(finding["path"]).name].append(finding)
    return by_file


def expected_path(chapter: str) -> Path:
    return EXPECTED / f"{Path(chapter).stem}.json"


def update() -> None:
    EXPECTED.mkdir(exist_ok=True)
    for chapter, findings in current().items():
        text = json.dumps(findings, ensure_ascii=False, indent=2) + "\n"
        expected_path(chapter).write_text(text, encoding="utf-8")
        print(f"{expected_path(chapter).relative_to(ROOT)}: {len(findings)} findings")


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit(__doc__)
    update()
