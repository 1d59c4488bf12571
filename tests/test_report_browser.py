"""The report of the sample chapters in a real browser (headless Chromium): a click on a
marked passage shows the finding's message, fix and rule explanation; keys step through
findings; filters hide a family; no script error. Skipped where Chromium is not
installed (Debian: ``apt-get install chromium``; ``.ci/run`` installs it).

``STORYLINT_SCREENSHOT=docs/report.png pytest tests/test_report_browser.py`` also saves
the screenshot the README shows (the page as the click left it).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from chromium import EXECUTABLE, Browser
from conftest import ROOT, run_cli
from golden import EXPECTED
from storylint.checks import all_rules

pytestmark = pytest.mark.skipif(
    EXECUTABLE is None,
    reason="Chromium is not installed (Debian: apt-get install chromium); "
    "the report's browser test is skipped",
)

#: The finding clicked: the action beat joined with a comma in chapter 1, line 31.
CLICKED = next(
    f
    for f in json.loads((EXPECTED / "01-the-lamp-room.json").read_text(encoding="utf-8"))
    if f["rule"] == "dialogue.beat-with-comma"
)


def _centre(browser: Browser, selector: str) -> list[float]:
    """The middle of the element ``selector`` names, scrolled into view, once the page
    has stopped moving (chapter text laid out late can shift it): a click there hits it."""
    element = f"document.querySelector({json.dumps(selector)})"
    for _ in range(10):
        browser.evaluate(f"{element}.scrollIntoView({{block: 'center'}})")
        browser.settle()
        x, y = browser.evaluate(
            f"(() => {{ const r = {element}.getBoundingClientRect(); "
            "return [r.x + r.width / 2, r.y + r.height / 2]; })()"
        )
        if browser.evaluate(f"{element}.contains(document.elementFromPoint({x}, {y}))"):
            return [x, y]
    raise AssertionError(f"{selector} does not stay in one place")


def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser")
    page = folder / "report.html"
    result = run_cli("report", "seeds", "-o", str(page), env={"SOURCE_DATE_EPOCH": "1790000000"})
    assert result.returncode == 0, result.stderr
    with Browser(folder / "profile") as browser:
        browser.open(page.as_uri())
        browser.wait_until("document.documentElement.classList.contains('ready')")
        yield browser
        assert browser.exceptions() == []


def _finding_id(browser: Browser, finding: dict) -> int:
    return browser.evaluate(
        "JSON.parse(document.getElementById('report-data').textContent).findings.find("
        f"f => f.path === {json.dumps(finding['path'])} && f.line === {finding['line']} && "
        f"f.column === {finding['column']} && f.rule === {json.dumps(finding['rule'])}).id"
    )


def test_clicking_a_finding_shows_its_message_fix_and_explanation(browser, tmp_path):
    number = _finding_id(browser, CLICKED)
    assert browser.evaluate("document.getElementById('detail-card').hidden") is True
    x, y = _centre(browser, f'mark.f[data-f~="{number}"]')
    browser.click(x, y)
    browser.wait_until("!document.getElementById('detail-card').hidden")
    card = _words(browser.evaluate("document.getElementById('detail-card').innerText"))
    rule = all_rules()[CLICKED["rule"]]
    why = rule.explanation.split("## Why is this bad?")[1].split("##")[0]
    assert card.startswith(f"The Lamp Room · {CLICKED['path']}:31:6 {CLICKED['rule']} WARNING")
    assert _words(CLICKED["message"]) in card
    assert '," she → ." She' in card  # the span and its fix
    assert f"Fix: {CLICKED['fixes'][0]['description']} (safe fix)" in card
    assert _words(rule.summary) in card and _words(why) in card
    assert browser.evaluate("document.querySelector('mark.sel').dataset.f") == str(number)
    assert browser.evaluate("document.activeElement.dataset.f") == str(number)
    assert browser.evaluate("location.hash") == f"#f-{number}"
    assert (
        browser.evaluate("document.getElementById('position').textContent") == f"{number + 1} of 67"
    )
    shot = os.environ.get("STORYLINT_SCREENSHOT")
    browser.evaluate("window.scrollBy(0, 110)")  # the names finding below in view too
    browser.screenshot(Path(shot) if shot else tmp_path / "report.png")
    assert (Path(shot) if shot else tmp_path / "report.png").read_bytes()[:4] == b"\x89PNG"


def test_keys_step_to_the_next_and_previous_finding(browser):
    start = _finding_id(browser, CLICKED)
    x, y = _centre(browser, f'mark.f[data-f~="{start}"]')
    browser.click(x, y)
    browser.press("n")
    after = browser.evaluate(
        "JSON.parse(document.getElementById('report-data').textContent).findings"
    )[start + 1]
    assert browser.evaluate("document.querySelector('mark.sel').dataset.f").split()[0] == str(
        start + 1
    )
    card = _words(browser.evaluate("document.getElementById('detail-card').innerText"))
    assert f"{after['path']}:{after['line']}:{after['column']} {after['rule']}" in card
    browser.press("p")
    browser.press("p")
    assert browser.evaluate("location.hash") == f"#f-{start - 1}"
    browser.press("Escape")
    assert browser.evaluate("document.getElementById('detail-card').hidden") is True
    assert browser.evaluate("document.querySelectorAll('mark.sel').length") == 0
    # Tab to a mark (here: focus it) and press Enter
    browser.evaluate("document.querySelector('mark.f[data-f~=\"10\"]').focus()")
    browser.press("Enter")
    assert browser.evaluate("location.hash") == "#f-10"
    assert browser.evaluate("document.querySelector('mark.sel').dataset.f") == "10"


def test_each_family_has_its_own_underline_so_it_reads_in_grey(browser):
    styles = browser.evaluate(
        """Object.fromEntries(["dialogue", "homophones", "names"].map(family => {
          const style = getComputedStyle(document.querySelector(`mark.f.fam-${family}`));
          return [family, style.textDecorationStyle];
        }))"""
    )
    assert styles == {"dialogue": "solid", "homophones": "wavy", "names": "double"}


def test_a_family_filter_hides_its_marks_and_steps(browser):
    browser.press("Escape")  # nothing selected
    marks = "document.querySelectorAll('mark.f.fam-homophones:not(.off)').length"
    assert browser.evaluate(marks) > 0
    checkbox = 'input[data-filter-family="homophones"]'
    browser.click(*_centre(browser, checkbox))
    assert browser.evaluate(marks) == 0
    assert (
        browser.evaluate("document.getElementById('position').textContent") == "32 findings (of 67)"
    )
    shown = browser.evaluate(
        "[...document.querySelectorAll('.findings-list li')].filter(li => !li.hidden).length"
    )
    assert shown == 32
    for _ in range(5):
        browser.press("n")
        card = browser.evaluate("document.getElementById('detail-card').innerText")
        assert not re.search(r"\bhomophones\.", card.split("\n", 2)[1])
    browser.click(*_centre(browser, checkbox))  # back on
    assert browser.evaluate("document.getElementById('position').textContent").endswith("of 67")


def test_a_cast_variant_link_goes_to_its_place(browser):
    box = _centre(browser, 'tr[data-name="Tobias"] .variants a')
    browser.click(*box)
    card = _words(browser.evaluate("document.getElementById('detail-card').innerText"))
    assert "seeds/02-the-crew-of-the-alba.md:21:62 names.not-in-cast" in card
    assert browser.evaluate("document.querySelector('mark.sel').textContent") == "Tobais"


def test_the_page_reads_in_dark_mode_too(browser):
    browser.color_scheme("dark")
    try:
        background = browser.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background == "rgb(21, 23, 27)"
    finally:
        browser.color_scheme("light")
    assert (
        browser.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(247, 246, 242)"
    )


def test_the_readme_shows_the_screenshot():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "](docs/report.png)" in readme and (ROOT / "docs" / "report.png").is_file()
