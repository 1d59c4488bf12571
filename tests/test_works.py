"""Names are compared within a work: chapters of one story, not books that share a folder.

The grouping is decided from the casts (tested in-process on the sample chapters and on
small stories), or by the ``[names]`` keys ``works`` and ``work``; through the CLI, the
corpus folder gives the findings of its books checked one by one, and a corpus novel
split into 47 chapter files gives its single-file findings.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import ROOT, SEEDS, run_cli
from storylint.checks.names.works import BOOK_WORDS, document_cast, group, likeness
from storylint.config import parse
from storylint.parse.document import parse_document
from storylint.read.source import SourceFile, read_file

sys.path.insert(0, str(ROOT / "benchmarks"))
from names_split import compare

CORPUS = next(
    (
        folder / "corpus"
        for folder in (ROOT.parent / "shared", ROOT.parents[1] / "shared", Path("/work/shared"))
        if (folder / "corpus" / "little_women.txt").exists()
    ),
    Path("/work/shared/corpus"),
)
needs_corpus = pytest.mark.skipif(not CORPUS.exists(), reason="the shared corpus is not here")

# Two short stories with different casts; the second spells a name of the first's
# ("Bennet") with two t's, as another family.
PRIDE = (
    "Elizabeth Bennet walked to Netherfield. Jane Bennet stayed. Mr. Bennet read.\n\n"
    "Later Elizabeth met Darcy, and Darcy bowed to Elizabeth Bennet and to Jane.\n"
)
WILD = "Buck lived at the house of Judge Miller. Then Mr. Bennett sold Buck to Perrault.\n"


def documents(**texts: str) -> dict:
    return {name: parse_document(SourceFile(name, text, "text")) for name, text in texts.items()}


def test_the_sample_chapters_are_two_works():
    found = {p.name: parse_document(read_file(p, p.name)) for p in sorted(SEEDS.glob("0*"))}
    assert group(found, {}) == [
        ["01-the-lamp-room.txt", "02-the-crew-of-the-alba.md"],
        ["03-the-long-table.txt"],
    ]


def test_a_chapter_whose_only_name_is_misspelt_finds_its_story():
    found = documents(
        **{
            "ch01.txt": "Tobias came. Tobias sat, and Maren followed Tobias up.\n",
            "ch02.txt": "“In the lamp room,” Tobais said.\n",
        }
    )
    one, other = (document_cast(d) for d in found.values())
    # Tobais counts for half of Tobias, 3 of ch01's 4 names
    assert likeness(one, other) == 0.375
    assert group(found, {}) == [["ch01.txt", "ch02.txt"]]


def test_stories_with_different_casts_are_not_compared(tmp_path):
    (tmp_path / "pride.txt").write_text(PRIDE * 3, encoding="utf-8")
    (tmp_path / "wild.txt").write_text(WILD, encoding="utf-8")
    apart = run_cli("check", "--select", "names", "--format", "concise", ".", cwd=tmp_path)
    assert (apart.returncode, apart.stdout) == (0, "No problems found in 2 files.\n")
    # the project says they are one work: Bennett is compared with Bennet
    (tmp_path / "storylint.toml").write_text('[names]\nworks = "one"\n', encoding="utf-8")
    together = run_cli("check", "--select", "names", "--format", "concise", ".", cwd=tmp_path)
    assert together.returncode == 1
    assert together.stdout.splitlines()[0] == (
        "wild.txt:1:51: warning[names.variant] “Bennett” appears once; “Bennet” appears "
        "12 times, first in pride.txt:1"
    )


def test_works_file_and_folder_keep_chapters_apart(tmp_path):
    for folder in ("one", "two"):
        (tmp_path / folder).mkdir()
    (tmp_path / "one" / "ch01.txt").write_text(
        "Tobias came. Tobias sat, and Maren followed Tobias up.\n", encoding="utf-8"
    )
    (tmp_path / "two" / "ch02.txt").write_text("“Here,” Tobais said.\n", encoding="utf-8")
    args = ("check", "--select", "names", "--format", "concise", ".")
    assert run_cli(*args, cwd=tmp_path).stdout.splitlines() == [
        "two/ch02.txt:1:9: warning[names.variant] “Tobais” appears once; “Tobias” appears "
        "3 times, first in one/ch01.txt:1",
        "Found 1 problem in 2 files.",
    ]
    for works in ("file", "folder"):
        (tmp_path / "storylint.toml").write_text(f'[names]\nworks = "{works}"\n', "utf-8")
        assert run_cli(*args, cwd=tmp_path).stdout == "No problems found in 2 files.\n"


def test_named_works_by_their_files(tmp_path):
    config = parse(
        '[names]\nworks = "file"\n[names.work]\n"The Teeth Light" = ["0[12]-*"]\n',
        tmp_path / "storylint.toml",
    )
    names = ["01-the-lamp-room.txt", "02-the-crew-of-the-alba.md", "03-the-long-table.txt"]
    found = {str(tmp_path / name): parse_document(read_file(SEEDS / name, name)) for name in names}
    configs = dict.fromkeys(found, config)
    assert group(found, configs) == [
        [str(tmp_path / n) for n in names[:2]],
        [str(tmp_path / names[2])],
    ]
    (tmp_path / "storylint.toml").write_text('[names]\nworks = "chapters"\n', encoding="utf-8")
    (tmp_path / "a.txt").write_text("Hello.\n", encoding="utf-8")
    bad = run_cli("check", ".", cwd=tmp_path)
    assert (bad.returncode, bad.stdout) == (2, "")
    assert bad.stderr == (
        f"storylint: error: {tmp_path / 'storylint.toml'}: 'names.works': expected one of "
        '"auto", "one", "folder", "file", got \'chapters\'\n'
    )


def test_two_book_length_files_are_never_one_work():
    book = "Tobias came. Tobias sat, and Maren followed Tobias up the stair. " * 1_700
    found = documents(**{"one.txt": book, "two.txt": book, "ch.txt": book[:2_000]})
    casts = [document_cast(d) for d in found.values()]
    assert [c.book for c in casts] == [True, True, False]
    assert len(book.split()) >= BOOK_WORDS
    assert likeness(casts[0], casts[1]) == pytest.approx(1.0)
    assert group(found, {}) == [["one.txt", "ch.txt"], ["two.txt"]]


@needs_corpus
def test_the_corpus_folder_gives_each_books_own_findings():
    args = ("check", "--select", "names", "--format", "concise", "--quiet")
    together = run_cli(*args, str(CORPUS)).stdout.splitlines()
    one_by_one = [
        line
        for book in sorted(CORPUS.glob("*.txt"))
        for line in run_cli(*args, str(book)).stdout.splitlines()
    ]
    assert sorted(together) == sorted(one_by_one)
    assert len(together) == 8


@needs_corpus
def test_a_novel_in_47_chapter_files_gives_its_single_file_findings(tmp_path):
    text = (CORPUS / "little_women.txt").read_text(encoding="utf-8")
    single, several = compare(text, tmp_path, 47)
    assert len(list((tmp_path / "chapters").iterdir())) == 47
    assert len(single) == 4 and several == single


@needs_corpus
def test_each_works_names_index_is_built_once_in_the_forking_process(tmp_path):
    from workflow import _environment, index_builds

    for name in ("little_women.txt", "pride_and_prejudice.txt", "tom_sawyer.txt"):
        (tmp_path / name).write_bytes((CORPUS / name).read_bytes())
    built, processes = index_builds(tmp_path, ["--jobs", "2"], _environment(None))
    assert (built, processes) == (3, 1)  # three books: three works, in the parent only
