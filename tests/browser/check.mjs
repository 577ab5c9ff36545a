// Check an HTML edition in headless Chromium: axe-core violations, horizontal overflow,
// requests to anything but the file itself, and footnote links both ways.
// Usage: node check.mjs FILE.html OUTDIR [CHROMIUM]   (prints one JSON object)

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const [file, outdir, executable = "/usr/bin/chromium"] = process.argv.slice(2);
const url = pathToFileURL(file).href;
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const browser = await chromium.launch({
  executablePath: executable,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const result = { widths: {} };
try {
  for (const [name, width, colorScheme] of [["390", 390, "light"], ["1280", 1280, "light"],
                                            ["1280-dark", 1280, "dark"]]) {
    const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme });
    const page = await context.newPage();
    const requests = [];
    // Anything but the document itself (and inline data) would be a request elsewhere.
    await page.route("**/*", (route) => {
      const target = route.request().url();
      if (target !== url && !target.startsWith("data:")) {
        requests.push(target);
        return route.abort();
      }
      return route.continue();
    });
    await page.goto(url, { waitUntil: "load" });
    const overflow = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
      wide: [...document.querySelectorAll("main *, header *, nav *, footer *")]
        .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        .slice(0, 5).map((e) => e.tagName.toLowerCase() + "." + e.className),
    }));
    await page.screenshot({ path: `${outdir}/screen-${name}.png`, fullPage: false });
    await page.addScriptTag({ content: axeSource });
    const axe = await page.evaluate(async () => {
      const run = await window.axe.run(document, { resultTypes: ["violations"] });
      return run.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
      }));
    });
    const tocOpen = await page.evaluate(() => document.querySelector(".toc details").open);
    result.widths[name] = { overflow, violations: axe, requests, tocOpen };
    await context.close();
  }

  // Footnotes: a citation goes to its note, and the note's back-link returns to it.
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(url, { waitUntil: "load" });
  const cite = page.locator("sup.cite a").first();
  const citeId = await cite.getAttribute("id");
  const noteHref = await cite.getAttribute("href");
  await cite.click();
  const afterCite = await page.evaluate(() => location.hash);
  const back = page.locator(`${noteHref} a.backref[href="#${citeId}"]`);
  await back.click();
  const afterBack = await page.evaluate(() => location.hash);
  // Visible, and not hidden under the sticky marking banner.
  const citeVisible = await page.evaluate((id) => {
    const box = document.getElementById(id).getBoundingClientRect();
    const banner = document.querySelector(".marking-banner").getBoundingClientRect();
    return box.top >= banner.bottom && box.bottom <= window.innerHeight;
  }, citeId);
  result.footnotes = { noteHref, afterCite, citeId, afterBack, citeVisible };
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
