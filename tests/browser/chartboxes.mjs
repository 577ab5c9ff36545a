// Measure chart SVGs in headless Chromium: every text's box (each `<g id="text_N">`, the
// glyph outlines matplotlib draws text as), the legend's box, and whether the legend
// covers a data mark (bars, markers, points along lines).
// Usage: node chartboxes.mjs CHROMIUM FILE.svg...   (prints one JSON object by file)
// Boxes are in the SVG's own units: the points it is printed at.

import { readFileSync } from "node:fs";
import { chromium } from "playwright-core";

const [executable, ...files] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: executable,
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"],
});
const result = {};
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  for (const file of files) {
    const svg = readFileSync(file, "utf8").replace(/^<\?xml[^>]*>\s*<!DOCTYPE[^>]*>/, "");
    await page.setContent(`<!doctype html><body style="margin:0">${svg}</body>`);
    result[file] = await page.evaluate(() => {
      const root = document.querySelector("svg");
      const frame = root.getBoundingClientRect();
      const scale = frame.width / root.viewBox.baseVal.width; // CSS px per point
      const box = (el) => {
        const r = el.getBoundingClientRect();
        return { x0: (r.left - frame.left) / scale, y0: (r.top - frame.top) / scale,
                 x1: (r.right - frame.left) / scale, y1: (r.bottom - frame.top) / scale };
      };
      const texts = [...root.querySelectorAll('g[id^="text_"]')]
        .filter((g) => g.getBoundingClientRect().width > 0)
        .map((g) => ({ id: g.id, ...box(g) }));
      const legendGroup = root.querySelector('g[id^="legend_"]');
      const legend = legendGroup ? box(legendGroup) : null;
      const covered = [];
      if (legend) {
        const inside = (x, y) => x > legend.x0 && x < legend.x1 && y > legend.y0 && y < legend.y1;
        const axes = root.querySelector('g[id^="axes_"]');
        const toPoints = (pt, el) => {
          const m = el.getScreenCTM();
          const p = new DOMPoint(pt.x, pt.y).matrixTransform(m);
          return [(p.x - frame.left) / scale, (p.y - frame.top) / scale];
        };
        for (const group of axes.children) {
          const id = group.id || "";
          if (id.startsWith("line2d_")) {
            for (const path of group.querySelectorAll("path")) {
              const length = path.getTotalLength();
              for (let s = 0; s <= length; s += 0.5) {
                const [x, y] = toPoints(path.getPointAtLength(s), path);
                if (inside(x, y)) { covered.push(id); break; }
              }
            }
          } else if ((id.startsWith("patch_") && group !== axes.children[0]) ||
                     id.startsWith("PathCollection_")) {
            for (const mark of group.querySelectorAll("path, use")) {
              const style = mark.getAttribute("style") || "";
              if (style.includes("fill: none") || mark.closest("defs")) continue;
              const b = box(mark);
              if (b.x0 < legend.x1 && legend.x0 < b.x1 && b.y0 < legend.y1 && legend.y0 < b.y1) {
                covered.push(id);
                break;
              }
            }
          }
        }
      }
      return { width: root.viewBox.baseVal.width, height: root.viewBox.baseVal.height,
               texts, legend, covered };
    });
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
