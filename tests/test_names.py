"""Character names: the index, variants across files, the cast list, possessives, the
``storylint names`` report; the real CLI in a subprocess for everything a user runs."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SEEDS, run_cli
from storylint.checks.context import Workspace
from storylint.checks.names.index import MID, START, TITLE, NameIndex, paragraph_names
from storylint.checks.names.provider import known_names
from storylint.checks.names.variants import are_variants
from storylint.config import DEFAULT, from_mapping
from storylint.parse.document import parse_document
from storylint.parse.paragraph import Paragraph
from storylint.read.source import SourceFile

_SEED_NAME = "seed/000_d259ada65653372c.txt"
SEED = next(
    (
        folder / _SEED_NAME
        for folder in (ROOT.parent / "shared", ROOT.parents[1] / "shared", Path("/work/shared"))
        if (folder / _SEED_NAME).exists()
    ),
    Path("/work/shared") / _SEED_NAME,
)
needs_seed = pytest.mark.skipif(not SEED.exists(), reason="the shared seed chapter is not here")


def index_of(*texts: str) -> NameIndex:
    return NameIndex(
        parse_document(SourceFile(f"ch{i}.txt", text, "text")) for i, text in enumerate(texts)
    )


def standing(text: str) -> list[tuple[str, int]]:
    return [(m.form, m.where) for m in paragraph_names(Paragraph(text)).mentions]


# -- the index ---------------------------------------------------------------------------------


def test_mentions_record_where_a_capitalised_word_stands():
    assert standing("Then Tobias’s dog met Mr. Hale and Captain Vasquez, said Isaac.") == [
        ("Then", START),
        ("Tobias", MID),
        ("Mr", MID),
        ("Hale", TITLE),
        ("Captain", MID),
        ("Vasquez", TITLE),
        ("Isaac", MID),
    ]


def test_quotes_initials_and_all_caps():
    assert standing('"Well," Maren said. "Go." F. Scott left. TOBIAS WREN ran.') == [
        ("Well", START),
        ("Maren", MID),
        ("Go", START),
        ("Scott", MID),
    ]


def test_a_heading_is_no_evidence():
    assert standing("Chapter Two: The Crew of the Alba") == [
        ("Chapter", START),
        ("Two", START),
        ("The", START),
        ("Crew", START),
        ("Alba", START),
    ]


def test_names_need_evidence_and_no_lowercase_use():
    index = index_of(
        "Will you come? asked Tobias. Perhaps. Kellhaven is far.",
        "Then God spoke to Alpha Maren on Monday; the will was read.",
    )
    assert {"Tobias", "Maren", "Kellhaven"} <= index.names
    assert not {"Will", "Perhaps", "God", "Alpha", "Monday", "Then"} & index.names


def test_eye_dialect_with_apostrophes_is_no_name():
    index = index_of(
        "\"P'raps we'll go,\" said O'Brien. \"Mayn't I?\" asked D'Arcy.",
        "O'Brien and D'Arcy left. P'raps later.",
    )
    assert {"O'Brien", "D'Arcy"} <= index.names
    assert not {"P'raps", "Mayn't"} & index.names


def test_counts_and_first_place_span_documents():
    index = index_of("Nothing here.\n\nAsk Tobias.", "Tobias came. And Tobias’s dog.")
    form = index.forms["Tobias"]
    assert (form.count, form.per_document) == (3, {"ch0.txt": 1, "ch1.txt": 2})
    assert index.place(form) == "ch0.txt:3"


@pytest.mark.parametrize(
    ("one", "other", "same"),
    [
        ("Issac", "Isaac", True),
        ("Tobais", "Tobias", True),
        ("Alison", "Allison", True),
        ("Harriett", "Harriet", True),
        ("Vasques", "Vasquez", True),
        ("Maerwenn", "Maerwen", True),
        ("Laurie", "Laurence", False),
        ("Meg", "Peg", False),
        ("Jon", "John", False),
        ("Amy", "Amos", False),
        ("Louis", "Louise", False),
        ("Frances", "Francis", False),
        ("Marches", "March", False),
        ("Tobias", "Tabios", False),  # two letters apart swapped: two edits
        ("Tobias", "Tobiasxy", False),
        ("Vasquez", "Vasqeuz", True),
        ("Vasquez", "Vaszueq", False),
        ("Allison", "Alliosn", True),
        ("Allison", "Alisson", False),
    ],
)
def test_variants(one, other, same):
    assert are_variants(one, other) is same
    assert are_variants(other, one) is same


def test_english_words_are_found_by_bisection_in_the_list():
    from storylint.data import is_english_word

    assert all(is_english_word(w) for w in ("aa", "zythum", "Window", "table"))
    assert not any(is_english_word(w) for w in ("", "a", "zzzzz", "Tobias", "aa\nab", "tabl"))


def test_provider_gives_index_names_and_cast():
    document = parse_document(SourceFile("a.txt", "Ask Tobias. Ask Maren.", "text"))
    config = from_mapping({"names": {"cast": ["Isaac Vasquez"]}}, "test")
    assert known_names(document, None, config) == {
        "Tobias",
        "Maren",
        "Isaac",
        "Vasquez",
        "Isaac Vasquez",
    }
    workspace = Workspace()
    workspace.add(document)
    assert known_names(document, workspace, DEFAULT) == {"Tobias", "Maren"}


# -- the CLI: several files, stdin, cast ----------------------------------------------------------


CHAPTER_1 = """\
“You’re late,” Tobias said.

Maren shrugged. Tobias sighed and went up the stairs, and Maren followed Tobias.
"""
CHAPTER_2 = """\
“Where am I?” he asked.

“In the lamp room,” Tobais said, and Tobias’s dog barked.
"""
CHAPTER_3 = "“Sit down,” said Maren. Tobias sat.\n"


@pytest.fixture
def chapters(tmp_path: Path) -> Path:
    folder = tmp_path / "book"
    folder.mkdir()
    (folder / "ch01.txt").write_text(CHAPTER_1, encoding="utf-8")
    (folder / "ch02.txt").write_text(CHAPTER_2, encoding="utf-8")
    (folder / "ch03.txt").write_text(CHAPTER_3, encoding="utf-8")
    return folder


def test_a_variant_in_one_file_is_compared_with_the_others(chapters: Path):
    result = run_cli("check", "book", "--select", "names", "--format", "json", cwd=chapters.parent)
    assert result.returncode == 1, result.stderr
    (finding,) = result.json
    assert (finding["path"], finding["line"], finding["column"], finding["end_column"]) == (
        "book/ch02.txt",
        3,
        21,
        27,
    )
    assert finding["rule"] == "names.variant"
    assert finding["message"] == (
        "“Tobais” appears once; “Tobias” appears 5 times, first in book/ch01.txt:1"
    )
    assert [f["replacement"] for f in finding["fixes"]] == ["Tobias"]


def test_one_file_alone_has_too_little_evidence(chapters: Path):
    result = run_cli("check", "book/ch02.txt", "--select", "names", cwd=chapters.parent)
    assert result.returncode == 0, result.stdout


def test_stdin_with_a_project_config_uses_its_cast(tmp_path: Path):
    (tmp_path / "storylint.toml").write_text('[names]\ncast = ["Allison Argent"]\n')
    result = run_cli(
        "check",
        "-",
        "--stdin-filename",
        "ch09.md",
        "--select",
        "names",
        "--format",
        "json",
        cwd=tmp_path,
        stdin=b"She ran to Alison and hugged her.\n",
    )
    assert result.returncode == 1, result.stderr
    (finding,) = result.json
    assert (finding["path"], finding["line"], finding["column"]) == ("ch09.md", 1, 12)
    assert finding["rule"] == "names.not-in-cast"
    assert finding["message"] == (
        "“Alison” is not in the cast list, which has “Allison” (Allison Argent)"
    )
    assert finding["fixes"][0]["replacement"] == "Allison"


def test_cast_with_aliases_in_dialogue_and_narration(tmp_path: Path):
    (tmp_path / "storylint.toml").write_text(
        '[names]\ncast = ["Scott McCall"]\n[names.aliases]\nStiles = ["Stilinski", "Genim"]\n'
    )
    (tmp_path / "ch1.txt").write_text(
        "“Stilinksi, get over here,” the coach yelled.\n\n"
        "Stilinski ran. Stiles was late, and Genim was his name.\n\n"
        "Later Stilinksi sat down next to Scott.\n",
        encoding="utf-8",
    )
    result = run_cli("check", "ch1.txt", "--select", "names", "--format", "json", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert [(f["line"], f["column"], f["rule"]) for f in result.json] == [
        (1, 2, "names.not-in-cast"),
        (5, 7, "names.not-in-cast"),
    ]
    assert all(f["fixes"][0]["replacement"] == "Stilinski" for f in result.json)
    assert result.json[0]["message"].endswith(
        "(Stilinski); “Stilinski” appears once, first in ch1.txt:3"
    )


def test_cast_names_are_never_flagged(tmp_path: Path):
    (tmp_path / "storylint.toml").write_text('[names]\ncast = ["Isaac", "Issac"]\n')
    (tmp_path / "a.txt").write_text("Ask Isaac. Ask Isaac. Ask Isaac. Ask Isaac. Issac came.\n")
    result = run_cli("check", "a.txt", "--select", "names", cwd=tmp_path)
    assert result.returncode == 0, result.stdout


def test_different_characters_from_the_config(tmp_path: Path):
    text = "Ask Isaac. Ask Isaac. Ask Isaac. Ask Isaac. Issac came.\n"
    (tmp_path / "a.txt").write_text(text)
    assert run_cli("check", "a.txt", "--select", "names", cwd=tmp_path).returncode == 1
    (tmp_path / "storylint.toml").write_text('[names]\ndifferent = [["Issac", "Isaac"]]\n')
    assert run_cli("check", "a.txt", "--select", "names", cwd=tmp_path).returncode == 0


def test_accepted_words_silence_names(tmp_path: Path):
    (tmp_path / "storylint.toml").write_text('accept = ["Issac"]\n')
    (tmp_path / "a.txt").write_text("Ask Isaac. Ask Isaac. Ask Isaac. Ask Isaac. Issac came.\n")
    assert run_cli("check", "a.txt", "--select", "names", cwd=tmp_path).returncode == 0


def test_missing_possessive_follows_the_documents_habit(tmp_path: Path):
    (tmp_path / "a.txt").write_text(
        "Stiles’ car was old. Stiles hands were cold.\n\nStiles eyes narrowed.\n\n"
        "Stiles eyes the door warily.\n",
        encoding="utf-8",
    )
    result = run_cli("check", "a.txt", "--select", "names", "--format", "json", cwd=tmp_path)
    assert [(f["line"], f["column"], f["fixes"][0]["replacement"]) for f in result.json] == [
        (1, 22, "Stiles’"),
        (3, 1, "Stiles’"),
    ]
    assert (
        result.json[0]["message"]
        == "“Stiles hands” is missing the possessive: write “Stiles’ hands”"
    )


def test_names_fixes_are_not_applied_unattended(tmp_path: Path):
    text = "Ask Isaac. Ask Isaac. Ask Isaac. Ask Isaac. Issac came.\n"
    (tmp_path / "a.txt").write_text(text)
    run_cli("check", "--fix", "a.txt", "--select", "names", cwd=tmp_path)
    assert (tmp_path / "a.txt").read_text() == text


def test_bad_input_does_not_crash(tmp_path: Path):
    (tmp_path / "a.txt").write_bytes("“Ünclosed Æsir’s 😀 ÉMILE\r\nÉmile’ ’s ' \"\r\n".encode())
    result = run_cli("check", "a.txt", "--select", "names", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    result = run_cli("names", "a.txt", cwd=tmp_path)
    assert result.returncode == 0, result.stderr


# -- the seeds ----------------------------------------------------------------------------------


@needs_seed
def test_the_shared_seed_chapter(tmp_path: Path):
    shutil.copy(SEED, tmp_path / "seed.txt")
    result = run_cli("check", "seed.txt", "--select", "names", "--format", "json", cwd=tmp_path)
    found = [(f["line"], f["column"], f["rule"], f["fixes"][0]["replacement"]) for f in result.json]
    assert found == [
        (45, 25, "names.variant", "Isaac"),
        (133, 1, "names.missing-possessive", "Stiles's"),
    ]
    (tmp_path / "storylint.toml").write_text(
        '[names]\ncast = ["Stiles Stilinski", "Scott McCall", "Allison Argent", "Lydia Martin",'
        ' "Derek Hale", "Isaac Lahey", "Erica Reyes", "Vernon Boyd", "Jackson Whittemore"]\n'
    )
    result = run_cli("check", "seed.txt", "--select", "names", "--format", "json", cwd=tmp_path)
    found = [(f["line"], f["column"], f["rule"], f["fixes"][0]["replacement"]) for f in result.json]
    assert found == [
        (27, 219, "names.not-in-cast", "Allison"),
        (45, 25, "names.not-in-cast", "Isaac"),
        (133, 1, "names.missing-possessive", "Stiles's"),
    ]


# -- storylint names ------------------------------------------------------------------------------


def test_names_report(chapters: Path):
    result = run_cli("names", "book", cwd=chapters.parent)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "name    count  first appearance  variants\n"
        "Tobias      5  book/ch01.txt:1   Tobais (1)\n"
        "Maren       3  book/ch01.txt:3   -\n"
    )


def test_names_toml_is_a_valid_config_section(chapters: Path, tmp_path: Path):
    result = run_cli("names", "--toml", "book", cwd=chapters.parent)
    assert result.stdout == (
        '[names]\ncast = [\n  "Tobias",\n  "Maren",\n]\n'
        '# not listed: "Tobais" (1) looks like a misspelling of "Tobias"\n'
    )
    (chapters / "storylint.toml").write_text(result.stdout)
    assert run_cli("check", "book", "--select", "names", cwd=chapters.parent).returncode == 1


def test_names_report_of_the_seeds_uses_full_names_and_the_cast():
    result = run_cli("names", "seeds/01-the-lamp-room.txt", "seeds/02-the-crew-of-the-alba.md")
    lines = result.stdout.splitlines()
    tobias = next(line for line in lines if line.startswith("Tobias "))
    assert tobias.split() == [
        "Tobias",
        "14",
        "seeds/01-the-lamp-room.txt:7",
        "Tobais",
        "(1)",
        "[in",
        "cast]",
    ]
    assert any(
        line.split()[:2] == ["Isaac", "7"] and "[as Isaac Vasquez; in cast]" in line
        for line in lines
    )


# -- one folder of chapters equals one file -------------------------------------------------------


def test_split_chapters_give_the_same_findings_as_one_file(tmp_path: Path):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from names_split import compare

    # One house style throughout (a possessive's fix follows its document's apostrophes).
    lamp_room = (SEEDS / "01-the-lamp-room.txt").read_text(encoding="utf-8").replace("'", "’")
    text = lamp_room + "\n\n" + (SEEDS / "03-the-long-table.txt").read_text(encoding="utf-8")
    single, split = compare(text, tmp_path, parts=4)
    assert single == split
    assert len(single) >= 3


def test_root_is_the_repository():
    assert (ROOT / "rules" / "names.toml").exists()


def test_different_accepts_names_and_pairs_and_rejects_others(tmp_path: Path):
    config = from_mapping({"names": {"different": ["Meg", ["Laurie", "Laurence"]]}}, "t")
    assert config.section("names")["different"] == ("Meg", ("Laurie", "Laurence"))
    (tmp_path / "storylint.toml").write_text("[names]\ndifferent = [1]\n")
    (tmp_path / "a.txt").write_text("Hello.\n")
    result = run_cli("check", "a.txt", cwd=tmp_path)
    assert result.returncode == 2
    assert "'names.different': expected a list of strings, got 1" in result.stderr


def test_drawn_out_sounds_are_not_names():
    index = index_of("Noooo! Noooo! Noooo! Nooooo! Ask Tobias. Ahhhh.")
    assert "Tobias" in index.names
    assert not {"Noooo", "Nooooo", "Ahhhh"} & index.names


def test_a_usual_spelling_needs_evidence_of_being_a_name(tmp_path: Path):
    (tmp_path / "a.txt").write_text("Yeahh. Yeahh. Yeahh. Yeahh. She said Yeahhh.\n")
    (tmp_path / "b.txt").write_text("Hullos. Hullos. Hullos. Hullos. She said Hulloos.\n")
    result = run_cli("check", "a.txt", "b.txt", "--select", "names", cwd=tmp_path)
    assert result.returncode == 0, result.stdout


def test_full_names_are_names_written_together():
    from storylint.checks.names.report import full_names

    index = index_of(
        "Isaac Vasquez woke. Then Isaac Vasquez ate, and Miss Watson’s Jim ran to Watson."
    )
    assert full_names(index) == {"Isaac Vasquez": 2}


def test_names_report_skips_headings_and_keeps_names_seen_once(tmp_path: Path):
    (tmp_path / "ch02.txt").write_text(
        "Chapter 2: What Happened?\n\n"
        "“Go,” said Stiles. Stiles ran, and Derek followed Stiles and Alison.\n\n"
        "PART TWO\n\nPrologue: Who Knew?\n\nDerek sat.\n",
        encoding="utf-8",
    )
    result = run_cli("names", "ch02.txt", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (
        0,
        "name    count  first appearance  variants\n"
        "Stiles      3  ch02.txt:3        -\n"
        "Derek       2  ch02.txt:3        -\n"
        "Alison      1  ch02.txt:3        -\n",
    )
    toml = run_cli("names", "--toml", "ch02.txt", cwd=tmp_path)
    assert toml.stdout == '[names]\ncast = [\n  "Stiles",\n  "Derek",\n  "Alison",\n]\n'


def test_names_report_lists_a_cast_name_only_misspelt_in_the_text(tmp_path: Path):
    (tmp_path / "storylint.toml").write_text('[names]\ncast = ["Allison Hale"]\n', "utf-8")
    (tmp_path / "ch.txt").write_text("Then Alison came in, and Tobias left.\n", "utf-8")
    result = run_cli("names", "ch.txt", cwd=tmp_path)
    assert result.stdout == (
        "name     count  first appearance  variants\n"
        "Tobias       1  ch.txt:1          -\n"
        "Allison      0  -                 Alison (1)  [in cast]\n"
    )
    toml = run_cli("names", "--toml", "ch.txt", cwd=tmp_path)
    assert toml.stdout == (
        '[names]\ncast = [\n  "Tobias",\n  "Allison",\n]\n'
        '# not listed: "Alison" (1) looks like a misspelling of "Allison"\n'
    )


def test_names_report_is_given_work_by_work():
    result = run_cli("names", "seeds")
    lines = result.stdout.splitlines()
    assert lines[0] == ("Work 1 of 2: seeds/01-the-lamp-room.txt, seeds/02-the-crew-of-the-alba.md")
    assert "Work 2 of 2: seeds/03-the-long-table.txt" in lines
    toml = run_cli("names", "--toml", "seeds").stdout.splitlines()
    assert toml[:3] == [
        "[names]",
        "cast = [",
        "  # seeds/01-the-lamp-room.txt, seeds/02-the-crew-of-the-alba.md",
    ]
    assert toml.index("  # seeds/03-the-long-table.txt") < toml.index('  "Harriet",')
