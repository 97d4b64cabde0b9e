// The dashboard of `truce serve` in a real browser: Debian's chromium, driven by playwright-core.
//
//   node dashboard.mjs TRUCE-BINARY [ARTEFACT-DIR]
//
// Builds the demo store, adds a hostile article (markup in its title, text, quotes and address),
// starts `truce serve` on a free loopback port and walks the pages as a reader would: the overview,
// the Idlib truce of August 2019 (its timeline and map), a violation's evidence (landing on the
// highlighted sentence), the events page (a date filter, a brush on the timeline, a view restored
// from its URL) and the API's documentation. It fails on any console error or uncaught exception,
// on any request to a host other than the server, and if any of the hostile payloads runs (each would
// set document.title to "pwned"). Screenshots go to ARTEFACT-DIR (default: target/browser-artefacts).
//
// Chromium is /usr/bin/chromium unless CHROMIUM names another.

import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { chromium } from "playwright-core";

const [binary, artefactArg] = process.argv.slice(2);
if (!binary) {
  console.error("usage: node dashboard.mjs TRUCE-BINARY [ARTEFACT-DIR]");
  process.exit(2);
}
const truce = resolve(binary);
const artefacts = resolve(artefactArg ?? "target/browser-artefacts");
mkdirSync(artefacts, { recursive: true });
const work = mkdtempSync(join(tmpdir(), "truce-browser-"));
const db = join(work, "demo.db");

// The article every payload is in; each would set the page's title if it ran.
const PWNED = "pwned";
const HOSTILE = {
  id: "hostile",
  title: `<script>document.title='${PWNED}'</script> Truce <img src=x onerror="document.title='${PWNED}'">`,
  url: `javascript:document.title='${PWNED}'`,
  published: "2019-08-03",
  source: "<b>Wire</b>",
  text:
    "DAMASCUS, Aug. 3 — Air strikes killed four people in Idlib on Saturday, the Syrian Observatory said. " +
    `"<script>document.title='${PWNED}'</script> we will not stop," a commander said. ` +
    `<img src=x onerror="document.title='${PWNED}'"> <a href="javascript:document.title='${PWNED}'">more</a> ` +
    `<svg onload="document.title='${PWNED}'"></svg>`,
};

const failures = [];
function check(condition, message) {
  if (!condition) failures.push(message);
  console.log(`${condition ? "ok  " : "FAIL"} ${message}`);
}

function run(args) {
  const out = spawnSync(truce, ["--db", db, ...args], { encoding: "utf8" });
  if (out.status !== 0) throw new Error(`truce ${args.join(" ")} failed (${out.status}): ${out.stderr}`);
  return out.stdout;
}

/** Starts `truce serve` and resolves to its base URL once it says where it listens. */
function serve() {
  const child = spawn(truce, ["--db", db, "serve", "--addr", "127.0.0.1:0"], { stdio: ["ignore", "ignore", "pipe"] });
  return new Promise((ok, fail) => {
    const lines = createInterface({ input: child.stderr });
    lines.on("line", (line) => {
      const m = /^serving on (http:\/\/\S+)/.exec(line);
      if (m) ok({ child, base: m[1] });
    });
    child.on("exit", (code) => fail(new Error(`truce serve exited (${code}) before it listened`)));
  });
}

async function main() {
  run(["--quiet", "demo"]);
  const hostileFile = join(work, "hostile.jsonl");
  writeFileSync(hostileFile, JSON.stringify(HOSTILE) + "\n");
  run(["--quiet", "ingest", hostileFile]);
  const { child, base } = await serve();
  const origin = new URL(base).origin;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    // Without the background-networking flags Chromium calls Google's hosts at start.
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // Every request must go to the server itself: anything else is recorded and refused.
    await context.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith(origin + "/") || url.startsWith("data:") || url.startsWith("blob:")) return route.continue();
      failures.push(`a request left the machine: ${url}`);
      return route.abort();
    });
    const page = await context.newPage();
    page.on("console", (m) => {
      if (m.type() === "error") failures.push(`console error on ${page.url()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => failures.push(`uncaught exception on ${page.url()}: ${e.message}`));
    page.on("dialog", (d) => {
      failures.push(`a dialog opened on ${page.url()}: ${d.message()}`);
      d.dismiss();
    });
    const shot = (name) => page.screenshot({ path: join(artefacts, `${name}.png`), fullPage: true });
    const notPwned = async (where) => {
      await page.waitForTimeout(300);
      check((await page.title()) !== PWNED, `no payload ran on ${where}`);
    };

    // The overview: every agreement with its status band.
    await page.goto(base + "/");
    check((await page.locator('tr.agreement[data-agreement="idlib-2019-08"]').count()) === 1, "the overview lists idlib-2019-08");
    check((await page.locator("svg.band rect").count()) > 0, "the overview draws status bands");
    await notPwned("the overview");
    await shot("overview");

    // The agreement's page: its timeline and its map.
    await page.click('a[href="/agreements/idlib-2019-08"]');
    await page.waitForURL("**/agreements/idlib-2019-08");
    const transitions = await page.locator("li.transition").allTextContents();
    check(transitions.length >= 2, `the timeline has its transitions (${transitions.length})`);
    check(transitions.some((t) => t.includes("collapsed")), "the timeline shows the collapse");
    await page.waitForSelector('#map[data-ready="true"]');
    const markers = Number(await page.getAttribute("#map", "data-markers"));
    check(markers >= 1, `the agreement's map has its events (${markers} markers)`);
    check((await page.locator("#map canvas").count()) > 0, "the map is drawn (base map and markers on a canvas)");
    await notPwned("the agreement's page");
    await shot("agreement-idlib-2019-08");

    // A violation's evidence lands on its sentence, highlighted.
    const evidence = page.locator("tr.verdict.violation a.ev").first();
    const sentence = (await evidence.getAttribute("title")) ?? "";
    await evidence.click();
    await page.waitForURL(/\/documents\/[^?]+\?mark=\d+-\d+#mark$/);
    const mark = page.locator("#mark");
    check((await mark.count()) === 1, "the document page has the marked sentence");
    check(/\bmarked\b/.test((await mark.getAttribute("class")) ?? ""), "the sentence is highlighted");
    const marked = (await page.locator(".marked").allTextContents()).join("");
    check(sentence.length > 0 && sentence.includes(marked.trim().slice(0, 40)), `the highlight is the violation's sentence (${marked.slice(0, 60)}…)`);
    check(await mark.isVisible(), "the marked sentence is on screen");
    const box = await mark.boundingBox();
    // Scrolled to the anchor: its top at the window's top, give or take a line.
    check(box !== null && box.y > -box.height && box.y < 900, `the page is scrolled to it (top at ${box && box.y})`);
    check((await page.locator("article.text a[class*='w-']").count()) > 0, "actors, places and times are highlighted too");
    await shot("violation-evidence");

    // Events: a date filter, a brush on the timeline, a view cited by its URL.
    await page.goto(base + "/events");
    await page.waitForSelector('#map[data-ready="true"]');
    const all = Number(await page.getAttribute("#event-count", "data-total"));
    const shownAll = Number(await page.getAttribute("#shown-count", "data-shown"));
    check(all >= 5 && shownAll === all, `the events page maps every event (${shownAll} of ${all})`);
    await shot("events");
    await page.fill('input[name="since"]', "2019-08-01");
    await page.fill('input[name="until"]', "2019-08-31");
    await Promise.all([page.waitForURL(/since=2019-08-01/), page.click('#filters button[type="submit"]')]);
    await page.waitForSelector('#map[data-ready="true"]');
    const august = Number(await page.getAttribute("#event-count", "data-total"));
    check(august > 0 && august < all, `filtering by date changes the count (${all} -> ${august})`);
    check((await page.getAttribute("#export-csv", "href")).includes("since=2019-08-01"), "the export links carry the filter");
    await shot("events-august-2019");
    // Brushing the first days of the full timeline (the 2016 events) keeps only those on the map.
    await page.goto(base + "/events");
    await page.waitForSelector('#map[data-ready="true"]');
    const histogram = await page.locator("#histogram").boundingBox();
    await page.mouse.move(histogram.x + 0.5, histogram.y + histogram.height / 2);
    await page.mouse.down();
    await page.mouse.move(histogram.x + histogram.width * 0.3, histogram.y + histogram.height / 2, { steps: 5 });
    await page.mouse.up();
    const brushed = Number(await page.getAttribute("#shown-count", "data-shown"));
    check(brushed > 0 && brushed < all, `brushing the timeline filters the map (${all} -> ${brushed})`);
    const cited = page.url();
    check(/days=\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2}/.test(cited) && /view=/.test(cited), `the URL holds the view (${cited})`);
    await shot("events-brushed");
    await page.goto(cited);
    await page.waitForSelector('#map[data-ready="true"]');
    check(Number(await page.getAttribute("#shown-count", "data-shown")) === brushed, "the cited URL restores the view");

    // The hostile article: shown as text everywhere, run nowhere.
    await page.goto(base + "/documents/hostile");
    const text = await page.locator("article.text").textContent();
    check(text.includes("<script>document.title"), "the article's markup is shown as text");
    check((await page.locator("h1").textContent()).includes("<img src=x"), "so is its title's");
    check((await page.locator('a[href^="javascript:"]').count()) === 0, "no javascript: link");
    await notPwned("the hostile document's page");
    await shot("hostile-document");
    for (const path of ["/", "/agreements/idlib-2019-08", "/events?since=2019-08-03&until=2019-08-03"]) {
      await page.goto(base + path);
      if (path.startsWith("/events")) await page.waitForSelector('#map[data-ready="true"]');
      await notPwned(path);
    }

    // The API's documentation, from the vendored Swagger UI.
    await page.goto(base + "/api/docs");
    await page.waitForSelector(".opblock", { timeout: 15000 });
    check((await page.locator(".opblock").count()) >= 10, "the API documentation lists the endpoints");
    await shot("api-docs");
  } finally {
    await browser.close();
    child.kill("SIGTERM");
  }
}

try {
  await main();
} catch (e) {
  failures.push(`the test stopped: ${e.stack || e}`);
}
rmSync(work, { recursive: true, force: true });
if (failures.length) {
  console.error(`\n${failures.length} failure(s):\n` + failures.map((f) => `  ${f}`).join("\n"));
  process.exit(1);
}
console.log(`\nthe dashboard passes in a real browser; screenshots in ${artefacts}`);
