"""``storylint report``: the page of the sample chapters read back with an HTML parser
(counts, findings, cast, rules, escaping), and the command in a subprocess (exit
status, where the page goes, what it refuses to overwrite)."""

from __future__ import annotations

import json
import os
import shutil
from collections import Counter

import pytest

from conftest import ROOT, SEEDS, run_cli
from fake_languagetool import FakeLanguageTool
from golden import EXPECTED, chapters
from html_tree import Node, parse
from storylint.checks import all_rules
from storylint.outputs.report.page import asset

#: A fixed date for the page, so that two runs write the same bytes.
FIXED = {"SOURCE_DATE_EPOCH": "1790000000"}


def expected_findings() -> dict[str, list[dict]]:
    """seeds/expected/*.json by chapter file name, each in reading order."""
    return {
        chapter.name: sorted(
            json.loads((EXPECTED / f"{chapter.stem}.json").read_text(encoding="utf-8")),
            key=lambda f: (f["line"], f["column"], f["end_line"], f["end_column"], f["rule"]),
        )
        for chapter in chapters()
    }


@pytest.fixture(scope="module")
def seeds_page(tmp_path_factory) -> tuple[str, Node]:
    out = tmp_path_factory.mktemp("report") / "report.html"
    result = run_cli("report", "seeds", "-o", str(out), cwd=ROOT, env=FIXED)
    assert result.returncode == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    return html, parse(html)


@pytest.fixture(scope="module")
def payload(seeds_page) -> dict:
    return json.loads(seeds_page[1].by_id("report-data").text)


def test_the_summary_counts_files_words_findings_and_names(seeds_page):
    _, page = seeds_page
    stats = {node.attrs["data-stat"]: node.text for node in page.find_all(tag="dd")}
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in chapters())
    findings = sum(len(found) for found in expected_findings().values())
    names = [  # one row per name, work by work (headings and table heads left out)
        line
        for line in run_cli("names", "seeds").stdout.splitlines()
        if line and not line.startswith(("Work ", "name "))
    ]
    assert stats == {
        "files": "3",
        "chapters": "3",
        "words": f"{words:,}",
        "findings": str(findings),
        "names": str(len(names)),
    }
    assert (words, findings, len(names)) == (1688, 67, 17)


def test_findings_per_family_and_per_rule_are_those_of_check(seeds_page):
    _, page = seeds_page
    every = [f for found in expected_findings().values() for f in found]
    families = page.find(tag="div", class_="families")
    shown = {
        row.find(tag="input").attrs["data-filter-family"]: int(row.find(class_="num").text)
        for row in families.find_all(tag="tr")
        if row.find_all(tag="input")
    }
    assert shown == Counter(f["category"] for f in every)
    assert shown == {"dialogue": 25, "homophones": 35, "names": 7}
    rules = {
        row.attrs["data-rule"]: int(row.find(class_="num").text)
        for row in page.find(tag="table", class_="rules-table").find_all(tag="tr")
        if "data-rule" in row.attrs
    }
    assert rules == Counter(f["rule"] for f in every)


def test_the_chart_has_a_bar_per_chapter_with_its_counts(seeds_page):
    _, page = seeds_page
    bars = page.find(tag="figure", class_="chart").find_all(tag="a")
    labels = [bar.attrs["aria-label"] for bar in bars]
    assert labels == [
        "The Lamp Room: 25 findings (dialogue 16, homophones 8, names 1)",
        "Chapter Two: The Crew of the Alba: 23 findings (dialogue 4, homophones 15, names 4)",
        "The Long Table: 19 findings (dialogue 5, homophones 12, names 2)",
    ]
    assert [bar.attrs["href"] for bar in bars] == ["#ch-0", "#ch-1", "#ch-2"]
    # stacked bars: heights in proportion to the counts, the tallest the whole plot
    heights = [
        sum(
            float(r.attrs["height"])
            for r in bar.find_all(tag="rect")
            if "fam-" in r.attrs.get("class", "")
        )
        for bar in bars
    ]
    assert heights[0] == pytest.approx(168) and heights[1] / heights[0] == pytest.approx(
        23 / 25, abs=0.01
    )


def test_each_chapter_lists_exactly_its_findings_in_reading_order(seeds_page):
    _, page = seeds_page
    for number, (name, expected) in enumerate(expected_findings().items()):
        section = page.by_id(f"ch-{number}")
        assert section.find(tag="span", class_="path").text == f"seeds/{name}"
        items = section.find(tag="details", class_="findings-list").find_all(tag="li")
        shown = [
            (
                item.find(class_="where").text,
                item.find(tag="code").text,
                item.find(class_="message").text,
            )
            for item in items
        ]
        assert shown == [(f"{f['line']}:{f['column']}", f["rule"], f["message"]) for f in expected]


def test_the_payload_holds_every_finding_as_json_output_does(payload):
    every = [f for found in expected_findings().values() for f in found]
    contract = set(every[0])
    assert [{k: f[k] for k in contract} for f in payload["findings"]] == every
    assert [f["id"] for f in payload["findings"]] == list(range(67))
    assert [f["chapter"] for f in payload["findings"]] == [0] * 25 + [1] * 23 + [2] * 19
    assert payload["open"] is True  # a short manuscript opens with its chapters open


def test_each_finding_is_marked_on_exactly_its_text(seeds_page, payload):
    _, page = seeds_page
    for number, source in enumerate(chapters()):
        text = source.read_text(encoding="utf-8")
        blocks = json.loads(page.by_id(f"text-{number}").text)
        marked: dict[int, str] = {}
        for start, _line, _continued, pieces in blocks:
            at = start
            for piece in pieces:
                chunk = piece if isinstance(piece, str) else piece[0]
                assert text[at : at + len(chunk)] == chunk  # the file's own text, in place
                if not isinstance(piece, str):
                    for finding in piece[1:]:
                        marked[finding] = marked.get(finding, "") + chunk
                at += len(chunk)
        mine = [f for f in payload["findings"] if f["chapter"] == number]
        assert sorted(marked) == [f["id"] for f in mine]
        for finding in mine:
            assert marked[finding["id"]] == text[finding["start"] :][: len(marked[finding["id"]])]
            assert marked[finding["id"]] == finding["text"]
        # every line with text is shown
        shown = "".join(p if isinstance(p, str) else p[0] for b in blocks for p in b[3])
        assert "".join(text.split()) == "".join(shown.split())


def test_the_cast_table_has_each_name_with_count_chapters_and_variants(seeds_page):
    _, page = seeds_page
    rows = {
        row.attrs["data-name"]: row for row in page.find_all(tag="tr") if "data-name" in row.attrs
    }
    assert len(rows) == 17  # with Allison, a cast name the text only misspells (Alison)
    tobias = rows["Tobias"]
    assert tobias.find(class_="num").text == "14"
    assert tobias.find(class_="badge").text == "in cast"
    assert tobias.find(tag="svg", class_="strip").attrs["data-chapters"] == "0 1"
    (variant,) = tobias.find_all(tag="li")
    assert variant.words == "Tobais ×1 seeds/02-the-crew-of-the-alba.md:21:62"
    link = variant.find(tag="a")
    source = (SEEDS / "02-the-crew-of-the-alba.md").read_text(encoding="utf-8")
    offset = int(link.attrs["data-offset"])
    assert link.attrs["data-chapter"] == "1" and source[offset : offset + 6] == "Tobais"
    isaac = rows["Isaac"]
    assert isaac.find(class_="full-name").text == "Isaac Vasquez"
    assert isaac.find(tag="li").words == "Issac ×1 seeds/02-the-crew-of-the-alba.md:41:26"
    assert rows["Harriet"].find(tag="svg", class_="strip").attrs["data-chapters"] == "2"
    assert rows["Meg"].find_all(tag="li") == []


def test_the_cast_toml_is_what_storylint_names_toml_prints(seeds_page):
    _, page = seeds_page
    assert page.by_id("cast-toml").text == run_cli("names", "--toml", "seeds").stdout


def test_every_rule_with_findings_is_explained(seeds_page, payload):
    _, page = seeds_page
    rules = all_rules()
    used = {f["rule"] for f in payload["findings"]}
    explained = {
        node.attrs["id"].removeprefix("rule-")
        for node in page.find_all(tag="details", class_="rule")
    }
    assert explained == used
    beat = page.by_id("rule-dialogue.beat-with-comma").find(class_="explanation")
    assert [h.text for h in beat.find_all(tag="h4")] == [
        "What it does",
        "Why is this bad?",
        "Example",
        "Use instead",
    ]
    why = rules["dialogue.beat-with-comma"].explanation.split("## Why is this bad?")[1]
    assert " ".join(why.split("##")[0].split()) in beat.words
    assert [p.text for p in beat.find_all(tag="pre")] == [
        '"Fine," she shrugged.',
        '"Fine." She shrugged.',
    ]


def test_the_page_needs_no_network_and_runs_only_its_own_script(seeds_page):
    _, page = seeds_page
    scripts = page.find_all(tag="script")
    code = [s for s in scripts if "type" not in s.attrs]
    assert len(code) == 1 and code[0].text == asset("report.js")
    assert {s.attrs.get("type") for s in scripts} == {None, "application/json"}
    assert page.find(tag="style").text == asset("report.css")
    policy = page.find(tag="meta", http_equiv="Content-Security-Policy").attrs["content"]
    assert policy.startswith("default-src 'none'; script-src 'sha256-")
    nodes = list(page.walk())
    assert not [n for n in nodes if n.tag in ("link", "img", "iframe", "object")]
    assert not [n for n in nodes if "src" in n.attrs]
    assert {n.attrs["href"][0] for n in nodes if "href" in n.attrs} == {"#"}
    assert "url(" not in asset("report.css").replace("url(#", "") and "@import" not in asset(
        "report.css"
    )
    for loader in ("fetch(", "XMLHttpRequest", "http", "import("):
        assert loader not in asset("report.js")


def test_the_same_input_gives_the_same_page(tmp_path, seeds_page):
    again = tmp_path / "again.html"
    assert run_cli("report", "seeds", "-o", str(again), env=FIXED).returncode == 0
    assert again.read_text(encoding="utf-8") == seeds_page[0]


HOSTILE = (
    "# The <script> & the </script> Chapter\n\n"
    "“Run,” He said. <script>alert('x')</script> </script><img src=x onerror=alert(1)>\n\n"
    "Tobias <b>waved</b> & left. Then <!-- a comment --> came \u2028 the end.\n"
)


def test_markup_in_a_chapter_is_shown_as_text(tmp_path):
    chapter = tmp_path / "hostile.md"
    chapter.write_text(HOSTILE, encoding="utf-8")
    out = tmp_path / "report.html"
    result = run_cli("report", str(chapter), "-o", str(out), "--title", "<i>T</i> & co")
    assert result.returncode == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    page = parse(html)
    code = next(s for s in page.find_all(tag="script") if "type" not in s.attrs)
    assert code.text == asset("report.js")
    assert len(page.find_all(tag="script")) == 3  # the page's script and two JSON payloads
    assert (
        not page.find_all(tag="img") and not page.find_all(tag="b") and not page.find_all(tag="i")
    )
    assert "<script>alert" not in html and "<img" not in html
    assert page.find(tag="head").find(tag="title").text == "<i>T</i> & co — storylint report"
    assert page.find(tag="h3", class_="chapter-title").find(class_="name").text == (
        "The <script> & the </script> Chapter"
    )
    blocks = json.loads(page.by_id("text-0").text)
    shown = "".join(p if isinstance(p, str) else p[0] for b in blocks for p in b[3])
    assert "<script>alert('x')</script> </script><img src=x onerror=alert(1)>" in shown
    assert "Tobias <b>waved</b> & left." in shown
    data = json.loads(page.by_id("report-data").text)
    capitalised = next(f for f in data["findings"] if f["rule"] == "dialogue.capitalised-tag")
    item = page.find(tag="li", data_f=str(capitalised["id"]))
    assert item.find(class_="message").text == capitalised["message"]


# -- the command ---------------------------------------------------------------------------


def test_the_report_is_written_and_the_status_is_0_with_findings(tmp_path):
    out = tmp_path / "r.html"
    result = run_cli("report", "seeds", "-o", str(out))
    assert result.returncode == 0
    assert result.stdout == f"Wrote {out}: 67 findings in 3 files (3 chapters, 1,688 words).\n"
    assert result.stderr == ""
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_the_default_file_is_storylint_report_html_in_the_current_folder(tmp_path):
    shutil.copytree(SEEDS, tmp_path / "book")
    result = run_cli("report", "book", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Wrote storylint-report.html: 67 findings in 3 files")
    page = parse((tmp_path / "storylint-report.html").read_text(encoding="utf-8"))
    assert page.find(tag="head").find(tag="title").text == "book — storylint report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book", "storylint-report.html"]


def test_dash_writes_the_page_to_stdout(tmp_path):
    result = run_cli("report", "seeds", "-o", "-")
    assert result.returncode == 0
    assert result.stdout.startswith("<!DOCTYPE html>") and result.stdout.endswith("</html>\n")
    assert result.stderr == "Wrote the report: 67 findings in 3 files (3 chapters, 1,688 words).\n"


def test_stdin_with_a_file_name(tmp_path):
    out = tmp_path / "r.html"
    result = run_cli(
        "report", "--stdin-filename", "draft.txt", "-o", str(out), stdin=b"You could of told me.\n"
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(parse(out.read_text(encoding="utf-8")).by_id("report-data").text)
    assert [(f["path"], f["rule"], f["line"], f["column"]) for f in data["findings"]] == [
        ("draft.txt", "homophones.modal-of", 1, 11)
    ]


def test_select_and_ignore_choose_the_rules_as_for_check(tmp_path):
    out = tmp_path / "r.html"
    assert (
        run_cli(
            "report",
            "seeds",
            "-o",
            str(out),
            "--select",
            "homophones",
            "--ignore",
            "homophones.eggcorn",
        ).returncode
        == 0
    )
    data = json.loads(parse(out.read_text(encoding="utf-8")).by_id("report-data").text)
    rules = Counter(f["rule"] for f in data["findings"])
    assert all(r.startswith("homophones.") for r in rules) and "homophones.eggcorn" not in rules
    assert sum(rules.values()) == 35 - 6


def test_an_older_report_is_replaced_but_no_other_file(tmp_path):
    out = tmp_path / "r.html"
    assert run_cli("report", "seeds/03-the-long-table.txt", "-o", str(out)).returncode == 0
    assert '<dd data-stat="findings">19</dd>' in out.read_text(encoding="utf-8")
    assert run_cli("report", "seeds", "-o", str(out)).returncode == 0
    assert '<dd data-stat="findings">67</dd>' in out.read_text(encoding="utf-8")
    chapter = tmp_path / "chapter.md"
    chapter.write_text("My chapter.\n", encoding="utf-8")
    result = run_cli("report", "seeds", "-o", str(chapter))
    assert result.returncode == 2
    assert result.stderr == (
        f"storylint: error: {chapter} exists and is not a storylint report; not replacing it "
        "(choose another name with -o, or add --force)\n"
    )
    assert chapter.read_text(encoding="utf-8") == "My chapter.\n"
    assert run_cli("report", "seeds", "-o", str(chapter), "--force").returncode == 0
    assert chapter.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("missing/r.html", "cannot write {out}: the folder {tmp}/missing does not exist"),
        ("file.txt/r.html", "cannot write {out}: {tmp}/file.txt is not a folder"),
        ("folder", "{out} is a folder; name the report's file (-o {out}/storylint-report.html)"),
    ],
)
def test_an_output_that_cannot_be_written_is_an_error_before_the_check(tmp_path, where, message):
    (tmp_path / "file.txt").write_text("x", encoding="utf-8")
    (tmp_path / "folder").mkdir()
    out = tmp_path / where
    result = run_cli("report", "seeds", "-o", str(out))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == f"storylint: error: {message.format(out=out, tmp=tmp_path)}\n"


def test_a_folder_without_write_permission_is_an_error(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("this user may write in a read-only folder (root)")
        out = folder / "r.html"
        result = run_cli("report", "seeds", "-o", str(out))
        assert result.returncode == 2
        assert result.stderr == f"storylint: error: cannot write {out}: Permission denied\n"
    finally:
        folder.chmod(0o700)


def test_a_file_that_cannot_be_read_is_reported_and_left_out(tmp_path):
    book = tmp_path / "book"
    shutil.copytree(SEEDS, book)
    (book / "04-broken.txt").write_bytes(b"caf\xe9 au lait\n")
    out = tmp_path / "r.html"
    result = run_cli("report", str(book), "-o", str(out))
    assert result.returncode == 2
    assert "04-broken.txt: not UTF-8 text at byte 3; skipped" in result.stderr
    assert result.stdout.startswith(f"Wrote {out}: 67 findings in 3 files")
    paths = {
        f["path"]
        for f in json.loads(parse(out.read_text(encoding="utf-8")).by_id("report-data").text)[
            "findings"
        ]
    }
    assert len(paths) == 3


def test_nothing_readable_writes_no_report(tmp_path):
    out = tmp_path / "r.html"
    result = run_cli("report", str(tmp_path / "nothing.txt"), "-o", str(out))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"{tmp_path / 'nothing.txt'}: no such file or directory",
        "storylint: error: no file could be read; no report written",
    ]
    assert not out.exists()


def test_a_config_error_is_status_2(tmp_path):
    config = tmp_path / "storylint.toml"
    config.write_text("qoute-style = 'us'\n", encoding="utf-8")
    result = run_cli("report", "seeds", "--config", str(config), "-o", str(tmp_path / "r.html"))
    assert result.returncode == 2
    assert "unknown key 'qoute-style' (did you mean 'quote-style'?)" in result.stderr
    assert not (tmp_path / "r.html").exists()


def test_languagetool_findings_are_a_family_of_their_own(tmp_path):
    chapter = tmp_path / "chapter.txt"
    chapter.write_text("They was late, and it was a awful night.\n", encoding="utf-8")
    server = FakeLanguageTool().start()
    try:
        out = tmp_path / "r.html"
        result = run_cli("report", str(chapter), "-o", str(out), "--languagetool", server.url)
    finally:
        server.stop()
    assert result.returncode == 0, result.stderr
    page = parse(out.read_text(encoding="utf-8"))
    data = json.loads(page.by_id("report-data").text)
    found = [(f["rule"], f["category"], f["family"], f["text"]) for f in data["findings"]]
    assert found == [
        ("languagetool.THEY_WAS", "grammar", "languagetool", "They was"),
        ("languagetool.EN_A_VS_AN", "grammar", "languagetool", "a"),
    ]
    families = page.find(tag="div", class_="families").find_all(tag="input")
    assert [box.attrs["data-filter-family"] for box in families] == ["languagetool"]
    assert page.by_id("rule-languagetool.THEY_WAS").find(class_="explanation").words


def test_an_epub_is_reported_chapter_by_chapter_with_paragraph_numbers(tmp_path):
    from documents import epub_bytes, html_paragraph, lamp_room

    paragraphs = lamp_room()
    book = tmp_path / "book.epub"
    book.write_bytes(
        epub_bytes(
            [
                ("one.xhtml", "<h1>One</h1>" + "".join(map(html_paragraph, paragraphs[:20]))),
                ("two.xhtml", "<h1>Two</h1>" + "".join(map(html_paragraph, paragraphs[20:]))),
            ]
        )
    )
    out = tmp_path / "r.html"
    assert run_cli("report", str(book), "-o", str(out)).returncode == 0
    page = parse(out.read_text(encoding="utf-8"))
    data = json.loads(page.by_id("report-data").text)
    assert data["chapters"] == [
        {"title": "One", "path": f"{book}!OEBPS/one.xhtml"},
        {"title": "Two", "path": f"{book}!OEBPS/two.xhtml"},
    ]
    checked = run_cli("check", "--format", "json", str(book)).json
    key = ("path", "line", "column", "rule", "message")
    assert sorted(tuple(f[k] for k in key) for f in data["findings"]) == sorted(
        tuple(f[k] for k in key) for f in checked
    )
    # one block per paragraph, numbered as the findings' lines are
    blocks = json.loads(page.by_id("text-0").text)
    assert [(line, pieces) for _, line, _, pieces in blocks[:2]] == [
        (1, ["One"]),
        (2, ["The Lamp Room"]),
    ]
    assert len(blocks) == 21
