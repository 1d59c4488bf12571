// Drive VS Code (code-server) in headless Chromium: open the chapter, read the Problems
// panel, apply the quick fix on the first problem, save, and take screenshots.
//   node drive.mjs URL OUTDIR
import { chromium } from "playwright-core";

const [url, out] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
const modifier = "Control";

// The Problems panel's rows, without the per-file header rows.
async function problems() {
  const rows = await page.$$eval(".markers-panel .monaco-list-row", (items) =>
    items.map((row) => row.getAttribute("aria-label") || row.textContent || ""),
  );
  return rows.filter((row) => row && !/^\d+ problems? in file /.test(row));
}

async function waitFor(check, what, timeout = 60000) {
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    if (await check()) return;
    await page.waitForTimeout(250);
  }
  await page.screenshot({ path: `${out}/failure.png` });
  throw new Error(`timed out waiting for ${what} (see failure.png)`);
}

await page.goto(url);
await page.waitForSelector(".monaco-workbench", { timeout: 60000 });
await page.waitForTimeout(1500);
await page.click('.explorer-viewlet .monaco-list-row[aria-label*="chapter.txt"]');
await page.waitForSelector(".monaco-editor .view-line", { timeout: 30000 });
await page.keyboard.press(`${modifier}+Shift+KeyM`);
await waitFor(async () => (await problems()).length >= 1, "storylint problems");
const before = await problems();
console.log(`PROBLEMS (before): ${before.length}`);
for (const row of before) console.log(`  ${row}`);
await page.screenshot({ path: `${out}/problems-before.png` });

// go to the first problem in the editor and open its quick fixes
await page.click(".monaco-editor .view-lines");
await page.keyboard.press(`${modifier}+Home`);
await page.keyboard.press("F8");
await page.waitForTimeout(500);
await page.keyboard.press("Escape");
await page.keyboard.press(`${modifier}+Period`);
await page.waitForSelector(".action-widget", { timeout: 15000 });
const actions = await page.$$eval(".action-widget .monaco-list-row", (rows) =>
  rows.map((row) => row.getAttribute("aria-label") || row.textContent),
);
console.log(`CODE ACTIONS: ${JSON.stringify(actions)}`);
await page.screenshot({ path: `${out}/quick-fix.png` });
await page.keyboard.press("Enter");
await page.waitForTimeout(500);
await page.keyboard.press(`${modifier}+KeyS`);
await waitFor(async () => (await problems()).length === before.length - 1, "one problem fewer");
const after = await problems();
console.log(`PROBLEMS (after): ${after.length}`);
for (const row of after) console.log(`  ${row}`);
await page.screenshot({ path: `${out}/problems-after.png` });
await browser.close();
