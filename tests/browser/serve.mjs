// Open a `reportgen serve` page in Chromium, edit a data file, and wait for the page
// to reload by itself showing the new text.
// Usage: node serve.mjs URL FILE OLD NEW [CHROMIUM]   (prints one JSON object)

import { readFileSync, writeFileSync } from "node:fs";
import { chromium } from "playwright-core";

const [url, file, before, after, executable = "/usr/bin/chromium"] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: executable,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const result = {};
try {
  const page = await browser.newPage();
  await page.goto(url, { waitUntil: "load" });
  result.before = (await page.content()).includes(before);
  let loads = 0;
  page.on("load", () => { loads += 1; });
  await page.waitForTimeout(500);  // the event stream is open
  writeFileSync(file, readFileSync(file, "utf8").replace(before, after));
  await page.waitForFunction((text) => document.body.innerText.includes(text), after,
                             { timeout: 20000 });
  result.after = true;
  result.reloads = loads;
} catch (error) {
  result.error = String(error);
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
