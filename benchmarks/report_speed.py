"""How long ``storylint report`` takes, and how the page behaves in a browser.

    python benchmarks/report_speed.py PATH [PATH ...] [--runs 5] [--browser]

Times ``storylint report PATHS -o TMP`` (start-up included, best of ``--runs``) next to
``storylint check --format json PATHS`` on the same files, so the report's own cost
shows. With ``--browser`` (Debian's ``chromium`` on the PATH) it also opens the page in
headless Chromium and measures, from the page's own clock: the time to the load event,
then opening every chapter (the text is rendered in slices while the page keeps
answering) until the last block is in, and a jump to the next finding; for each, the
longest task that kept the page from answering (PerformanceObserver ``longtask``: tasks
over 50 ms). Run it on a machine otherwise at rest; timings drift by 20-30%.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from chromium import EXECUTABLE, Browser

#: Collects long tasks from the start of the page (runs before the page's own script).
_OBSERVE = """
window.__longTasks = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) window.__longTasks.push(entry.duration);
}).observe({ type: "longtask", buffered: true });
"""


def best_time(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return min(times)


def longest_task(browser: Browser) -> float:
    """The longest task since the last call, in ms (0: none over 50 ms), and reset."""
    return browser.evaluate(
        "(() => { const t = Math.max(0, ...window.__longTasks); window.__longTasks = []; "
        "return t; })()"
    )


def in_browser(page: Path) -> None:
    with tempfile.TemporaryDirectory() as profile, Browser(Path(profile), timeout=120) as browser:
        browser.send("Page.addScriptToEvaluateOnNewDocument", {"source": _OBSERVE}, session=True)
        browser.open(page.as_uri())
        loaded = browser.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
        longest = longest_task(browser)
        print(f"  load event          {loaded:8.0f} ms   longest task {longest:5.0f} ms")
        started = browser.evaluate("performance.now()")
        browser.evaluate("document.getElementById('open-all').click()")
        browser.wait_until(
            "!document.documentElement.classList.contains('rendering') && "
            "document.querySelectorAll('.text p.b').length > 0"
        )
        rendered = browser.evaluate("performance.now()") - started
        blocks = browser.evaluate("document.querySelectorAll('.text p.b').length")
        print(
            f"  open every chapter  {rendered:8.0f} ms   longest task "
            f"{longest_task(browser):5.0f} ms   ({blocks:,} blocks)"
        )
        started = browser.evaluate("performance.now()")
        browser.press("n")
        browser.wait_until("!document.getElementById('detail-card').hidden")
        jumped = browser.evaluate("performance.now()") - started
        longest = longest_task(browser)
        print(f"  next finding        {jumped:8.0f} ms   longest task {longest:5.0f} ms")
        errors = browser.exceptions()
        if errors:
            print(f"  script errors: {errors}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--browser", action="store_true", help="also measure the page")
    args = parser.parse_args()
    storylint = [sys.executable, "-m", "storylint"]
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "report.html"
        report = best_time([*storylint, "report", *args.paths, "-o", str(page)], args.runs)
        check = best_time([*storylint, "check", "--format", "json", *args.paths], args.runs)
        size = page.stat().st_size
        print(f"storylint report      {report:6.2f} s   (page: {size / 1e6:.1f} MB)")
        print(f"storylint check       {check:6.2f} s   (the report costs {report - check:+.2f} s)")
        if args.browser:
            if EXECUTABLE is None:
                sys.exit("--browser: no chromium on the PATH (Debian: apt-get install chromium)")
            print("in headless Chromium:")
            in_browser(page)


if __name__ == "__main__":
    main()
