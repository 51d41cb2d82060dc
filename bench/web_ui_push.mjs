// bench/web_ui.sh (c): seconds from `git push` to a browser seeing the Space's badge turn
// RUNNING on its Logs tab (updated in place from the server's event stream; the App tab renders
// itself again instead), against the same push seen by polling the API every 50 ms (the peer:
// what bench/spaces.sh measures). Runs from the folder where puppeteer-core is installed.
// Environment: UI_BASE, PORT, TOKEN, SPACE, REPO (a work tree whose HEAD is pushed), CHROMIUM
// (run with a pipe: a wrapper into a network namespace, tests/integration/tools/browser_netns.bash),
// SERVER_IP (where the browser reaches the server). Prints one JSON line.
import puppeteer from "puppeteer-core";
import { spawn, execFileSync } from "node:child_process";

const { UI_BASE, PORT, TOKEN, SPACE, REPO, CHROMIUM } = process.env;
const SERVER_IP = process.env.SERVER_IP || "127.0.0.1";
const browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, pipe: true,
  args: ["--no-sandbox", "--disable-dev-shm-usage", `--host-resolver-rules=MAP *.localhost ${SERVER_IP}, MAP localhost ${SERVER_IP}`] });
const fail = async (what) => { console.error(`web_ui_push: ${what}`); await browser.close(); process.exit(1); };
const page = await browser.newPage();
await page.goto(`${UI_BASE}/login?next=${encodeURIComponent(`/spaces/${SPACE}/logs`)}`);
await page.type("#token", TOKEN);
await Promise.all([page.waitForNavigation(), page.click("form#sign-in [type=submit]")]);
if (new URL(page.url()).pathname !== `/spaces/${SPACE}/logs`) await fail(`signed in at ${page.url()}`);
// Every badge change, stamped with the page's clock (performance.timeOrigin + now: epoch ms).
await page.evaluate(() => {
  const read = () => document.querySelector("#stage")?.textContent.trim().toUpperCase() ?? "";
  window.__stages = [[read(), performance.timeOrigin + performance.now()]];
  window.__notReloaded = true;
  new MutationObserver(() => {
    const s = read();
    if (s && window.__stages.at(-1)[0] !== s) window.__stages.push([s, performance.timeOrigin + performance.now()]);
  }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
});
const sha = execFileSync("git", ["-C", REPO, "rev-parse", "HEAD"]).toString().trim();
const from = (await page.evaluate(() => window.__stages.length));
const start = Date.now();
const push = new Promise((resolve) => {
  const git = spawn("git", ["-C", REPO, "push", "-q", "--force", `http://bench:${TOKEN}@127.0.0.1:${PORT}/spaces/${SPACE}.git`, "HEAD:main"], { stdio: "inherit" });
  git.on("close", resolve);
});
// The peer: the API polled every 50 ms until it reports this commit RUNNING, after a stage
// other than RUNNING (right after a push it may report the new commit with the old instance's
// RUNNING), as the browser's badge is awaited.
let apiAt = null;
const poll = (async () => {
  let left = false;
  while (Date.now() - start < 900000) {
    const info = await fetch(`http://127.0.0.1:${PORT}/api/spaces/${SPACE}`, { headers: { Authorization: `Bearer ${TOKEN}` } }).then((r) => r.json()).catch(() => ({}));
    if (info.runtime?.stage && info.runtime.stage !== "RUNNING") left = true;
    if (left && info.sha === sha && info.runtime?.stage === "RUNNING") { apiAt = Date.now(); return; }
    if (["BUILD_ERROR", "RUNTIME_ERROR", "CONFIG_ERROR"].includes(info.runtime?.stage)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
})();
if ((await push) !== 0) await fail("git push failed");
await page.waitForFunction((from) => window.__stages.slice(from).some(([s]) => s !== "RUNNING") &&
  window.__stages.at(-1)[0] === "RUNNING", { timeout: 900000, polling: 50 }, from).catch(async () =>
  fail(`the badge never went back to RUNNING: ${JSON.stringify(await page.evaluate(() => window.__stages))}`));
const stages = await page.evaluate(() => window.__stages);
const browserAt = stages.at(-1)[1];
await poll;
if (!apiAt) await fail("the API never reported the commit RUNNING");
if (!(await page.evaluate(() => window.__notReloaded))) await fail("the page reloaded");
console.log(JSON.stringify({ browser: (browserAt - start) / 1000, api: (apiAt - start) / 1000,
  stages: stages.slice(from - 1).map(([s]) => s) }));
await browser.close();
