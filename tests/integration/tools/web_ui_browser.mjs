// The web UI in a real browser (driven by tests/integration/web_ui.sh): Debian's Chromium,
// headless, through puppeteer-core, with axe-core injected into every page. The scenario and
// the selectors are docs/web-ui.md's. Checks that stop the scenario throw; findings that do
// not (accessibility violations, a missing header, a page too wide at 360 px) are collected
// and printed at the end, and make the run fail too.
//
// Run from the folder where puppeteer-core and axe-core are installed (node resolves them from
// the script's folder, so web_ui.sh copies the script there). Environment, set by web_ui.sh: UI_BASE (http://localhost:PORT), PORT, TOKEN (a write token of
// OWNER), OWNER, NAME (the Space to create), APP_REPO (a committed work tree to push),
// CHROMIUM (run with a pipe: web_ui.sh gives a wrapper that runs it in a network namespace of
// its own, tools/browser_netns.bash), SERVER_IP (where the browser reaches the server), AXE_JS,
// SHOTS (screenshot folder).
import puppeteer from "puppeteer-core";
import fs from "node:fs";
import path from "node:path";
import { spawn, execFileSync } from "node:child_process";

const env = process.env;
const BASE = env.UI_BASE;
const BASE_ORIGIN = new URL(BASE).origin;
const PORT = env.PORT;
const TOKEN = env.TOKEN;
const OWNER = env.OWNER;
const NAME = env.NAME;
const SPACE = `${OWNER}/${NAME}`;
const SPACE_HOST = `${OWNER}-${NAME}.localhost:${PORT}`;
const SHOTS = env.SHOTS;
const SERVER_IP = env.SERVER_IP || "127.0.0.1";
const AXE = fs.readFileSync(env.AXE_JS, "utf8");
const SECRET_VALUE = `s3cret-${Math.random().toString(36).slice(2)}-${Date.now()}`;
fs.mkdirSync(SHOTS, { recursive: true });

// ---------------------------------------------------------------------------------------------
// Reporting

const findings = [];  // failures that do not stop the scenario
const finding = (what) => { findings.push(what); console.log(`FINDING: ${what}`); };
const ok = (what) => console.log(`ok - ${what}`);
class Failure extends Error {}
const must = (cond, what) => { if (!cond) throw new Failure(what); };
const forbidden = new Map();  // text -> why it must not appear in any page's HTML

// ---------------------------------------------------------------------------------------------
// Browser and pages

const browser = await puppeteer.launch({
  executablePath: env.CHROMIUM,
  headless: true,
  pipe: true,
  // Root in CI: no sandbox. localhost and every *.localhost name to the server.
  args: ["--no-sandbox", "--disable-dev-shm-usage",
         `--host-resolver-rules=MAP *.localhost ${SERVER_IP}, MAP localhost ${SERVER_IP}`],
  defaultViewport: { width: 1280, height: 900 },
});
const pages = [];
const inFlight = new Map();  // the UI's requests not finished (streams, and any stuck)

// A page of the UI: every document it loads from the UI's origin is checked for its
// Content-Security-Policy; CSP violations and uncaught errors in the UI's scripts are findings.
async function newPage(label) {
  const page = await browser.newPage();
  page.label = label;
  page.setDefaultTimeout(30000);
  page.on("dialog", (d) => d.accept(d.defaultValue() || undefined).catch(() => {}));
  page.on("response", (r) => {
    const req = r.request();
    if (!req.isNavigationRequest() || r.frame() !== page.mainFrame()) return;
    const url = new URL(r.url());
    if (url.origin !== BASE_ORIGIN || (r.status() >= 300 && r.status() < 400)) return;
    checkCsp(r.headers()["content-security-policy"], `${r.status()} ${url.pathname}`);
  });
  page.on("console", (m) => {
    const where = m.location()?.url || "";
    if (m.type() === "error" && /Content Security Policy/i.test(m.text()))
      finding(`[${label}] CSP violation on ${page.url()}: ${m.text()}`);
    else if (m.type() === "error" && where.startsWith(BASE_ORIGIN) && !/Failed to load resource/.test(m.text()))
      console.log(`[${label}] console error on ${page.url()}: ${m.text()} (${where})`);
  });
  page.on("request", (req) => { if (req.url().startsWith(BASE_ORIGIN)) inFlight.set(req, `[${label}] ${req.method()} ${req.url().slice(BASE_ORIGIN.length)}`); });
  page.on("requestfinished", (req) => inFlight.delete(req));
  page.on("close", () => { for (const [req, what] of inFlight) if (what.startsWith(`[${label}]`)) inFlight.delete(req); });
  page.on("requestfailed", (req) => {
    inFlight.delete(req);
    const error = req.failure()?.errorText ?? "";
    if (req.url().startsWith(BASE_ORIGIN) && error !== "net::ERR_ABORTED")
      console.log(`[${label}] request failed: ${req.method()} ${req.url()}: ${error}`);
  });
  page.on("pageerror", (e) => {
    if (page.url().startsWith(BASE_ORIGIN)) finding(`[${label}] script error on ${page.url()}: ${e.message}`);
  });
  pages.push(page);
  return page;
}

const cspChecked = new Set();
function checkCsp(csp, where) {
  const key = where.replace(/^200 /, "").replace(/\/(tree|blob|commits)\/.*/, "/$1/…");
  if (cspChecked.has(key)) return;
  cspChecked.add(key);
  if (!csp) return finding(`${where}: no Content-Security-Policy header`);
  const directives = {};
  for (const part of csp.split(";")) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) directives[name.toLowerCase()] = values;
  }
  const scripts = directives["script-src"] ?? directives["default-src"];
  if (!scripts) return finding(`${where}: the CSP restricts no scripts (no script-src, no default-src): ${csp}`);
  if (scripts.includes("'unsafe-inline'")) return finding(`${where}: the CSP's script-src allows 'unsafe-inline': ${csp}`);
  if (scripts.includes("'unsafe-eval'")) finding(`${where}: the CSP's script-src allows 'unsafe-eval': ${csp}`);
}

// Puppeteer's clicks wait for the element to be painted in view, and a background tab does not
// paint: every action on a page brings it to the front first.
async function click(target, selector) {
  const page = typeof target.bringToFront === "function" ? target : target.frame.page();
  await page.bringToFront();
  return selector === undefined ? target.click() : page.click(selector);
}

async function go(page, pathname, expectStatus = 200) {
  await page.bringToFront();
  const resp = await page.goto(BASE + pathname, { waitUntil: "load" });
  must(resp, `no response for ${pathname}`);
  must(resp.status() === expectStatus, `GET ${pathname}: ${resp.status()}, expected ${expectStatus} (at ${page.url()})`);
  return resp;
}

// Waits for fn(arg) to be truthy in the page; the message says what was awaited and, through
// `state`, what the page showed instead.
async function waitUntil(page, what, fn, arg, timeout = 30000, state = null) {
  try {
    return await page.waitForFunction(fn, { timeout, polling: 100 }, arg);
  } catch (e) {
    let seen = "";
    try { seen = state ? JSON.stringify(await page.evaluate(state, arg)) : ""; } catch {}
    throw new Failure(`${what}: not within ${timeout / 1000} s on ${page.url()} ${seen} (${e.message.split("\n")[0]})`);
  }
}

// Clicks a form's submit button (type=submit, or its only button).
async function submit(page, formSelector) {
  const button = (await page.$(`${formSelector} [type=submit]`)) ?? (await page.$(`${formSelector} button`));
  must(button, `${formSelector} has no submit button on ${page.url()}`);
  await click(button);
}

async function fillField(page, selector, value) {
  const tag = await page.$eval(selector, (el) => el.tagName.toLowerCase()).catch(() => null);
  must(tag, `${selector} missing on ${page.url()}`);
  await page.bringToFront();
  if (tag === "select") {
    const chosen = await page.select(selector, value);
    must(chosen.includes(value), `${selector}: no option ${value}`);
  } else {
    await page.$eval(selector, (el) => { el.value = ""; });
    await page.type(selector, value);
  }
}

// A page marked as not reloaded since: the mark is gone after any navigation or reload.
const mark = (page) => page.evaluate(() => { window.__berthNotReloaded = true; });
const stillMarked = (page) => page.evaluate(() => window.__berthNotReloaded === true);

// ---------------------------------------------------------------------------------------------
// Audits: axe-core (serious and critical violations are findings) in light and dark, a PNG of
// each, and the page's HTML searched for values it must never hold.

let shotIndex = 0;
const audited = [];
async function audit(page, name) {
  shotIndex += 1;
  await page.bringToFront();  // a background tab does not paint: its screenshot never comes
  const html = await page.content();
  for (const [text, why] of forbidden) if (html.includes(text)) finding(`${name} (${page.url()}): the page's HTML holds ${why}`);
  for (const scheme of ["light", "dark"]) {
    await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: scheme }]);
    await new Promise((r) => setTimeout(r, 150));  // transitions, if any
    if (!(await page.evaluate(() => typeof window.axe === "object"))) await page.evaluate(AXE);
    const violations = await page.evaluate(async () => {
      const r = await window.axe.run(document, { iframes: false, resultTypes: ["violations"] });
      return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 6).map((n) => `${n.target.join(" ")}: ${(n.failureSummary || "").replace(/\s+/g, " ")}`) }));
    });
    const file = path.join(SHOTS, `${String(shotIndex).padStart(2, "0")}-${name}-${scheme}.png`);
    await page.screenshot({ path: file, fullPage: true });
    const bad = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    for (const v of bad)
      finding(`axe ${name} (${scheme}, ${page.url()}): ${v.id} [${v.impact}] ${v.help}\n      ${v.nodes.join("\n      ")}`);
    const minor = violations.filter((v) => !bad.includes(v)).map((v) => `${v.id} [${v.impact}]`);
    console.log(`axe ${name} (${scheme}): ${bad.length} serious/critical${minor.length ? `; minor: ${minor.join(", ")}` : ""}`);
  }
  await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: "light" }]);
  audited.push(name);
}

// A request from node, not the browser: for redirects and tokens.
async function http(pathname, init = {}) {
  return fetch(BASE + pathname, { redirect: "manual", ...init });
}

// A page needing sign-in, asked for without a session: 303 to /login?next=<the page>.
async function signInRedirect(p) {
  const r = await http(p);
  const location = r.headers.get("location") || "";
  must(r.status === 303 && location.startsWith("/login"), `signed out, GET ${p}: ${r.status} to '${location}', expected 303 to /login?next=…`);
  const next = new URL(location, BASE).searchParams.get("next");
  if (next !== p) finding(`signed out, GET ${p} redirects to '${location}': next is '${next}', expected '${p}'`);
}

// The stage badge's history in a page that stays open: every change the page shows, through
// whatever means (the badge element may be updated or replaced).
async function recordStages(page) {
  await page.evaluate(() => {
    const read = () => document.querySelector("#stage")?.textContent.trim().toUpperCase() ?? "";
    window.__stages = [read()];
    new MutationObserver(() => {
      const s = read();
      if (s && window.__stages.at(-1) !== s) window.__stages.push(s);
    }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
}
const stages = (page) => page.evaluate(() => window.__stages);
const stageNow = (page) => page.evaluate(() => document.querySelector("#stage")?.textContent.trim().toUpperCase());
// Waits until the badge has shown `stage` after position `from` of its history.
async function waitStage(page, stage, from, timeout = 120000) {
  await waitUntil(page, `the badge of ${SPACE} to show ${stage}`,
    ({ stage, from }) => window.__stages.slice(from).includes(stage) &&
      document.querySelector("#stage")?.textContent.trim().toUpperCase() === stage,
    { stage, from }, timeout, () => window.__stages);
}

// A page of the Space's own host, as a browser on *.localhost opens it.
async function appText(page, pathname) {
  const resp = await page.goto(`http://${SPACE_HOST}${pathname}`, { waitUntil: "load" });
  return { status: resp?.status(), text: await page.evaluate(() => document.body?.innerText ?? "") };
}

// ---------------------------------------------------------------------------------------------
// The scenario

const main = await newPage("main");
let exitCode = 0;
try {
  // --- signed out: pages needing sign-in redirect to /login?next=…; the login page ---------
  for (const p of ["/new", "/tokens"]) await signInRedirect(p);
  ok("signed out, /new and /tokens redirect (303) to /login?next=…");

  await go(main, "/login");
  must(await main.$("form#sign-in input#token"), "the login page has no form#sign-in with input#token");
  await audit(main, "login");
  await main.type("#token", "berth_not-a-real-token");
  await submit(main, "form#sign-in");
  await waitUntil(main, "an error for a wrong token", () => !!document.querySelector(".error")?.textContent.trim());
  must(new URL(main.url()).pathname === "/login", `a wrong token left the login page: ${main.url()}`);
  await audit(main, "login-error");
  ok("a wrong token: the login page says so (.error)");

  // An open redirect through `next` is refused.
  for (const evil of ["https://evil.example/", "//evil.example/x", "/\\evil.example"]) {
    const r = await http("/login", { method: "POST", body: new URLSearchParams({ token: TOKEN, next: evil }) });
    const location = r.headers.get("location") || "";
    must(r.status === 303, `POST /login with next=${evil}: ${r.status}`);
    const target = new URL(location, BASE);
    if (target.origin !== BASE_ORIGIN) finding(`POST /login with next=${evil} redirects off the site: '${location}'`);
  }
  ok("POST /login never redirects off the site through next");

  // Sign in from a redirect: land where we were going.
  await main.goto(BASE + "/tokens", { waitUntil: "load" });
  must(new URL(main.url()).pathname === "/login", `signed out /tokens did not land on /login: ${main.url()}`);
  await main.type("#token", TOKEN);
  await Promise.all([main.waitForNavigation({ waitUntil: "load" }), submit(main, "form#sign-in")]);
  must(new URL(main.url()).pathname === "/tokens", `after sign-in with next=/tokens: at ${main.url()}`);
  const session = (await main.cookies()).find((c) => c.name === "berth_session");
  must(session, "no berth_session cookie after sign-in");
  if (!session.httpOnly) finding("berth_session is not HttpOnly");
  if (session.sameSite !== "Lax") finding(`berth_session is SameSite=${session.sameSite}, expected Lax`);
  if (session.path !== "/") finding(`berth_session has Path=${session.path}, expected /`);
  if ((await main.content()).includes(TOKEN)) finding("the page after sign-in holds the token used to sign in");
  forbidden.set(TOKEN, "the write token used to sign in");
  ok("signed in with a token (next honoured; berth_session HttpOnly, SameSite=Lax)");

  // --- tokens: create a read token (shown once, works), revoke it ------------------------------
  await waitUntil(main, "table#tokens and form#new-token", () => !!document.querySelector("table#tokens") && !!document.querySelector("form#new-token"));
  await audit(main, "tokens");
  await fillField(main, "#token-name", "ci-read");
  await fillField(main, "#token-role", "read");
  await submit(main, "form#new-token");
  await waitUntil(main, "#created-token after creating a token", () => !!document.querySelector("#created-token")?.textContent.trim());
  const created = await main.$eval("#created-token", (el) => (el.value || el.textContent).trim());
  await audit(main, "tokens-created");
  const who = await http("/api/whoami-v2", { headers: { Authorization: `Bearer ${created}` } });
  must(who.status === 200, `the created token (${created.slice(0, 8)}…) is refused by /api/whoami-v2: ${who.status}`);
  const whoJson = await who.json();
  must(whoJson?.auth?.accessToken?.role === "read", `the created token's role: ${JSON.stringify(whoJson?.auth)}`);
  forbidden.set(created, "the read token, after the page that showed it once");
  await go(main, "/tokens");
  must(!(await main.$("#created-token")), "#created-token is shown again on a later visit");
  must(!(await main.content()).includes(created), "the tokens page shows the read token again");
  must(await main.$('table#tokens tr[data-token="ci-read"]'), 'no tr[data-token="ci-read"] in table#tokens');
  ok("tokens: a read token created, shown once, works as read");
  const revoke = await main.$('table#tokens tr[data-token="ci-read"] button.revoke');
  must(revoke, 'no button.revoke in tr[data-token="ci-read"]');
  await click(revoke);
  await waitUntil(main, "the revoked token's row to go", () => !document.querySelector('table#tokens tr[data-token="ci-read"]'));
  const after = await http("/api/whoami-v2", { headers: { Authorization: `Bearer ${created}` } });
  must(after.status === 401, `the revoked token still answers ${after.status}`);
  ok("tokens: revoked, its row gone, the token refused (401)");

  // --- a Space through /new ----------------------------------------------------------------
  await go(main, "/");
  must(await main.$("input#search"), "the list has no input#search");
  must(await main.$("a#new-space"), "the list has no a#new-space");
  await audit(main, "list-empty");
  await Promise.all([main.waitForNavigation({ waitUntil: "load" }), click(main, "a#new-space")]);
  must(new URL(main.url()).pathname === "/new", `a#new-space opened ${main.url()}`);
  must(await main.$("form#new-space-form"), "no form#new-space-form");
  await audit(main, "new");
  await fillField(main, "#owner", OWNER);
  await fillField(main, "#name", NAME);
  await fillField(main, "#visibility", "public");
  await Promise.all([main.waitForNavigation({ waitUntil: "load" }), submit(main, "form#new-space-form")]);
  must(new URL(main.url()).pathname === `/spaces/${SPACE}`, `after creating the Space: at ${main.url()}`);
  must((await main.$eval("h1#space-title", (el) => el.textContent)).includes(NAME), "h1#space-title lacks the name");
  must(await main.$("#git-commands"), "a new Space's page has no #git-commands");
  await audit(main, "space-new");
  await signInRedirect(`/spaces/${SPACE}/settings`);
  const anonymous = await http(`/spaces/${SPACE}`);
  must(anonymous.status === 200, `signed out, the public Space's page: ${anonymous.status}`);
  ok(`created ${SPACE} through /new; its page shows #git-commands`);

  // --- push; the build log streams, the badge turns RUNNING without reload ---------------------
  // The Logs tab stays open from here on: its badge (#stage, updated in place over SSE) is
  // where the stage is watched. The App tab renders itself again on a stage change (its
  // content depends on the stage): it is watched for the app's frame.
  // Chromium holds at most 6 connections to a host (HTTP/1.1) and each open UI page holds its
  // streams (the stages; the Logs tab its two logs too): pages not in use are left or closed.
  await main.goto("about:blank");
  const logs = await newPage("logs");
  await go(logs, `/spaces/${SPACE}/logs`);
  must(await logs.$(".log-view#build-log"), "no .log-view#build-log");
  must(await logs.$(".log-view#run-log"), "no .log-view#run-log");
  must(await logs.$("input#follow"), "no input#follow");
  must(await logs.$(`#stage.stage-badge[data-stage-for="${SPACE}"]`), `no #stage.stage-badge[data-stage-for="${SPACE}"] on the Logs tab`);
  await mark(logs);
  await recordStages(logs);
  const watch = logs;
  const app = await newPage("app");
  await go(app, `/spaces/${SPACE}`);
  must(await app.$(`#stage.stage-badge[data-stage-for="${SPACE}"]`), `no #stage.stage-badge[data-stage-for="${SPACE}"] on the App tab`);
  let appLoads = 0;
  app.on("load", () => { appLoads += 1; });
  const list = await newPage("list");
  await go(list, "/");
  await mark(list);
  const badgeSel = `.stage-badge[data-stage-for="${SPACE}"]`;
  must(await list.$(`a.space-card[data-space="${SPACE}"]`), `the list has no a.space-card[data-space="${SPACE}"]`);
  must(await list.$(badgeSel), `the list has no ${badgeSel}`);

  const pushStart = Date.now();
  const pushed = new Promise((resolve) => {
    const git = spawn("git", ["-C", env.APP_REPO, "push", "-q", `http://user:${TOKEN}@127.0.0.1:${PORT}/spaces/${SPACE}.git`, "HEAD:main"],
                      { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    git.stdout.on("data", (d) => (out += d));
    git.stderr.on("data", (d) => (out += d));
    git.on("close", (code) => resolve({ code, out }));
  });
  const lineHas = (text) => [...document.querySelectorAll("#build-log .log-line")].some((l) => l.textContent.includes(text));
  const logState = () => [...document.querySelectorAll("#build-log .log-line")].slice(-5).map((l) => l.textContent);
  await waitUntil(logs, "build-marker-one in #build-log .log-line", lineHas, "build-marker-one", 120000, logState);
  const firstSeen = Date.now();
  const twoAlready = await logs.evaluate(lineHas, "build-marker-two");
  await waitUntil(logs, "build-marker-two in #build-log .log-line", lineHas, "build-marker-two", 120000, logState);
  must(await stillMarked(logs), "the Logs tab reloaded while the build ran");
  if (twoAlready) finding("the build log's lines arrived at once, not as the build ran (marker two with marker one; the steps are 4 s apart)");
  else ok(`build log streamed into #build-log without reload (second step's line ${((Date.now() - firstSeen) / 1000).toFixed(1)} s after the first)`);
  const push = await pushed;
  must(push.code === 0, `git push exited ${push.code}: ${push.out}`);

  await waitStage(watch, "RUNNING", 0);
  const pushToRunning = (Date.now() - pushStart) / 1000;
  must(await stillMarked(watch), "the Logs tab reloaded while the Space deployed");
  ok(`the Logs tab's badge went ${(await stages(watch)).join(" → ")} without reload (push to RUNNING in the browser: ${pushToRunning.toFixed(1)} s)`);
  await waitUntil(list, `the list's badge of ${SPACE} to show RUNNING`,
    (sel) => document.querySelector(sel)?.textContent.trim().toUpperCase() === "RUNNING", badgeSel, 30000,
    (sel) => document.querySelector(sel)?.textContent);
  must(await stillMarked(list), "the list reloaded while the Space deployed");
  ok("the list's badge turned RUNNING without reload");
  await list.close();

  // The app in #app-frame, from the Space's own host, on the App tab opened before the push.
  const frameHandle = await app.waitForSelector("iframe#app-frame", { timeout: 20000 }).catch(() => null);
  must(frameHandle, `no iframe#app-frame on the App tab (opened before the push) of a RUNNING Space; it loaded ${appLoads} more time(s), its badge says ${await stageNow(app).catch(() => "?")}`);
  console.log(`note: the App tab rendered itself again ${appLoads} time(s) during the deploy (data-reload-on-change)`);
  const src = new URL(await frameHandle.evaluate((f) => f.src));
  must(src.host === SPACE_HOST, `iframe#app-frame's src is ${src.href}, expected the host ${SPACE_HOST}`);
  must(src.origin !== BASE_ORIGIN, "the app's frame has the UI's origin");
  const frame = await frameHandle.contentFrame();
  must(frame, "iframe#app-frame has no frame");
  await waitUntil(frame, "the app's text in #app-frame", () => document.body?.innerText.includes("hello from webapp"), null, 30000,
    () => [location.href, document.body?.innerText.slice(0, 200)]);
  const readable = await frameHandle.evaluate((f) => { try { return f.contentDocument !== null; } catch { return false; } });
  must(!readable, "the UI can read the app frame's document: same origin");
  await audit(app, "app");
  ok(`the app loads in #app-frame from ${src.origin} (cross-origin to the UI)`);
  await app.close();

  await audit(logs, "logs");

  // --- files, a file, commits -------------------------------------------------------------------
  const sha = execFileSync("git", ["-C", env.APP_REPO, "rev-parse", "HEAD"]).toString().trim();
  await go(main, `/spaces/${SPACE}/tree/main`);
  const paths = await main.$$eval("table#files tr[data-path]", (rows) => rows.map((r) => r.dataset.path));
  for (const p of ["Dockerfile", "README.md", "app"]) must(paths.includes(p), `table#files lacks tr[data-path="${p}"]: ${JSON.stringify(paths)}`);
  must(await main.$('table#files a[href*="/resolve/"]'), "table#files has no raw (/resolve/) link");
  await audit(main, "files");
  const blobLink = await main.$('table#files tr[data-path="Dockerfile"] a[href*="/blob/"]');
  must(blobLink, 'no /blob/ link in tr[data-path="Dockerfile"]');
  await Promise.all([main.waitForNavigation({ waitUntil: "load" }), click(blobLink)]);
  must(main.url().includes(`/spaces/${SPACE}/blob/`) && main.url().endsWith("/Dockerfile"), `the Dockerfile link opened ${main.url()}`);
  const dockerfile = fs.readFileSync(path.join(env.APP_REPO, "Dockerfile"), "utf8");
  const shown = await main.$eval("pre#file-content", (el) => el.textContent);
  must(shown.includes("FROM localhost/busybox:space") && shown.includes("build-marker-two"), `pre#file-content: ${shown.slice(0, 200)}`);
  must(await main.$("#file-size"), "no #file-size");
  const raw = await main.$eval("a#raw-download", (a) => a.href).catch(() => null);
  must(raw, "no a#raw-download");
  const rawText = await main.evaluate((u) => fetch(u).then((r) => r.text()), raw);
  must(rawText === dockerfile, `a#raw-download (${raw}) does not give the file`);
  await audit(main, "file");
  await go(main, `/spaces/${SPACE}/commits/main`);
  const commits = await main.$$eval("ol#commits li[data-commit]", (items) => items.map((li) => ({
    commit: li.dataset.commit, title: li.querySelector(".commit-title")?.textContent.trim(),
    author: li.querySelector(".commit-author")?.textContent.trim() })));
  must(commits.length === 1, `ol#commits: ${JSON.stringify(commits)}`);
  must(sha.startsWith(commits[0].commit) && commits[0].commit.length >= 7, `li[data-commit] is '${commits[0].commit}', the commit is ${sha}`);
  must(commits[0].title === "first commit of webapp", `.commit-title: '${commits[0].title}'`);
  must(commits[0].author?.includes("tester"), `.commit-author: '${commits[0].author}'`);
  await audit(main, "commits");
  ok("Files, a file (raw download the same bytes) and Commits");

  // --- settings: a variable redeploys, the app sees it -------------------------------------------
  const appHost = await newPage("space-host");
  let r = await appText(appHost, "/cgi-bin/env");
  must(r.status === 200 && r.text.includes("greeting none"), `the app's /cgi-bin/env before the variable: ${r.status} ${r.text}`);
  await go(main, `/spaces/${SPACE}/settings`);
  must(await main.$("#settings-status"), "no #settings-status");
  await audit(main, "settings");
  let from = (await stages(watch)).length;
  await fillField(main, "#variable-key", "GREETING");
  await fillField(main, "#variable-value", "from-the-ui");
  await submit(main, "#variable-form");
  await waitUntil(main, 'tr[data-variable="GREETING"] after setting it', () => !!document.querySelector('tr[data-variable="GREETING"]'));
  must((await main.$eval('tr[data-variable="GREETING"]', (tr) => tr.textContent)).includes("from-the-ui"), "the variable's row lacks its value");
  await waitUntil(watch, "the badge to leave RUNNING after the variable", (from) => window.__stages.slice(from).some((s) => s !== "RUNNING"),
    from, 60000, () => window.__stages);
  await waitStage(watch, "RUNNING", from);
  for (let i = 0; i < 100; i++) {
    r = await appText(appHost, "/cgi-bin/env");
    if (r.text.includes("greeting from-the-ui")) break;
    await new Promise((res) => setTimeout(res, 300));
  }
  must(r.text.includes("greeting from-the-ui"), `the app does not see the variable: ${r.status} ${r.text}`);
  ok(`a variable set on Settings redeploys (badge ${(await stages(watch)).slice(from - 1).join(" → ")}) and the app sees it`);

  // --- a secret: its row shows no value, the value is nowhere in the HTML --------------------------
  forbidden.set(SECRET_VALUE, "the secret's value");
  from = (await stages(watch)).length;
  await fillField(main, "#secret-key", "API_KEY");
  await fillField(main, "#secret-value", SECRET_VALUE);
  await submit(main, "#secret-form");
  await waitUntil(main, 'tr[data-secret="API_KEY"] after adding it', () => !!document.querySelector('tr[data-secret="API_KEY"]'));
  must(!(await main.$eval('tr[data-secret="API_KEY"]', (tr) => tr.innerHTML)).includes(SECRET_VALUE), "the secret's row holds its value");
  const live = await main.evaluate((v) => document.documentElement.outerHTML.includes(v) ||
    [...document.querySelectorAll("input, textarea")].some((el) => el.value === v), SECRET_VALUE);
  if (live) finding("after adding a secret, the settings page still holds its value (in the HTML or a field)");
  const served = await main.evaluate(() => fetch(location.href).then((r) => r.text()));
  must(!served.includes(SECRET_VALUE), "the settings page's HTML, as served, holds the secret's value");
  for (let i = 0; i < 200; i++) {
    r = await appText(appHost, "/cgi-bin/env");
    if (r.text.includes("secret yes")) break;
    await new Promise((res) => setTimeout(res, 300));
  }
  must(r.text.includes("secret yes"), `the app does not have the secret after 60 s: ${r.text}; badge ${(await stages(watch)).slice(from - 1).join(" → ")}`);
  await waitStage(watch, "RUNNING", from - 1);
  await go(main, `/spaces/${SPACE}/settings`);
  await audit(main, "settings-with-secret");
  ok("a secret: its row shows no value, its value is in no page; the app has it after the redeploy");

  // --- pause, resume -------------------------------------------------------------------------------
  from = (await stages(watch)).length;
  must(await main.$("button#pause, #pause"), "no #pause on Settings of a running Space");
  await click(main, "#pause");
  await waitStage(watch, "PAUSED", from, 60000);
  const paused = await newPage("paused");
  await go(paused, `/spaces/${SPACE}`);
  must(await paused.$("#app-status"), "the App tab of a paused Space has no #app-status");
  must(!(await paused.$("iframe#app-frame")), "the App tab of a paused Space has iframe#app-frame");
  await audit(paused, "app-paused");
  await paused.close();
  if (!(await main.waitForSelector("#resume", { timeout: 5000 }).catch(() => null))) await go(main, `/spaces/${SPACE}/settings`);
  must(await main.$("#resume"), "no #resume on Settings of a paused Space");
  from = (await stages(watch)).length;
  await click(main, "#resume");
  await waitStage(watch, "RUNNING", from, 120000);
  must(await stillMarked(watch), "the Logs tab reloaded during pause/resume");
  ok(`pause: badge PAUSED; resume: RUNNING again (${(await stages(watch)).slice(from - 1).join(" → ")}), without reload`);

  await logs.close();

  // --- two Logs tabs open: the rest of the UI still loads ------------------------------------------
  // Browsers open at most 6 connections to a host over HTTP/1.1, and every open page of the UI
  // holds its event streams for as long as it is open.
  const extra = [await newPage("logs-2"), await newPage("logs-3")];
  for (const p of extra) await go(p, `/spaces/${SPACE}/logs`);
  await main.bringToFront();
  const started = Date.now();
  const loaded = main.goto(BASE + "/", { waitUntil: "load", timeout: 60000 }).then(() => true, () => false);
  const inTime = await Promise.race([loaded, new Promise((res) => setTimeout(() => res(false), 10000))]);
  if (!inTime)
    finding("with two Logs tabs open (3 event streams each: the stages, the build log, the run log), a third tab of the UI cannot open another page (/ not loaded within 10 s): " +
            "browsers allow 6 connections per host over HTTP/1.1 and the UI's event streams hold them");
  for (const p of extra) await p.close();
  must(await loaded, "/ did not load after the Logs tabs were closed");
  ok(`two Logs tabs open: / ${inTime ? `loads (${Date.now() - started} ms)` : "loads only once they are closed"}`);

  // --- 360 px wide: no horizontal scroll ------------------------------------------------------------
  const narrow = await newPage("narrow");
  await narrow.setViewport({ width: 360, height: 740, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  for (const [name, p] of [["list", "/"], ["app", `/spaces/${SPACE}`], ["files", `/spaces/${SPACE}/tree/main`],
                           ["logs", `/spaces/${SPACE}/logs`], ["settings", `/spaces/${SPACE}/settings`]]) {
    await go(narrow, p);
    const m = await narrow.evaluate(() => ({ inner: window.innerWidth, scroll: document.scrollingElement.scrollWidth }));
    if (m.inner > 360) finding(`360 px: ${p} lays out ${m.inner} px wide (no <meta name=viewport content="width=device-width">?)`);
    if (m.scroll > m.inner) {
      const wide = await narrow.evaluate(() => [...document.querySelectorAll("body *")]
        .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
        .slice(0, 5).map((el) => `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}${el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : ""} (right ${Math.round(el.getBoundingClientRect().right)})`));
      finding(`360 px: ${p} scrolls sideways (scrollWidth ${m.scroll} > innerWidth ${m.inner}); too wide: ${wide.join(", ")}`);
    }
    shotIndex += 1;
    await narrow.bringToFront();
    await narrow.screenshot({ path: path.join(SHOTS, `${String(shotIndex).padStart(2, "0")}-${name}-360px.png`), fullPage: true });
  }
  await narrow.close();
  ok("360 px pass on the list and the Space's tabs");

  // --- CSRF: a POST without the token is refused -----------------------------------------------------
  const csrf = await main.evaluate(async (space) => {
    const form = (body) => fetch("/logout", { method: "POST", body: new URLSearchParams(body), redirect: "manual" }).then((r) => r.status);
    const api = fetch(`/api/spaces/${space}/pause`, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" }).then((r) => r.status);
    return { none: await form({}), wrong: await form({ csrf: "not-the-token" }), api: await api };
  }, SPACE);
  must(csrf.none === 403, `POST /logout without csrf: ${csrf.none === 0 ? "a redirect (accepted)" : csrf.none}, expected 403`);
  must(csrf.wrong === 403, `POST /logout with a wrong csrf: ${csrf.wrong === 0 ? "a redirect (accepted)" : csrf.wrong}, expected 403`);
  if (csrf.api !== 403) finding(`POST /api/spaces/${SPACE}/pause with the session cookie and no X-CSRF-Token: ${csrf.api}, expected 403`);
  must(csrf.api === 403 || csrf.api === 401, `POST /api/spaces/${SPACE}/pause with the cookie and no X-CSRF-Token was accepted: ${csrf.api}`);
  await go(main, "/new");
  must(new URL(main.url()).pathname === "/new", "the refused POST /logout signed us out anyway");
  const runtime = await http(`/api/spaces/${SPACE}/runtime`, { headers: { Authorization: `Bearer ${TOKEN}` } }).then((r) => r.json());
  must(runtime.stage === "RUNNING", `the refused API POST paused the Space: ${runtime.stage}`);
  ok(`POSTs without the CSRF token are refused (form ${csrf.none}, wrong token ${csrf.wrong}, API ${csrf.api})`);

  // --- delete by typing the name ------------------------------------------------------------------------
  await go(main, `/spaces/${SPACE}/settings`);
  must(await main.$("#delete-form #delete-confirm"), "no #delete-form #delete-confirm");
  must(await main.$eval("#delete-submit", (b) => b.disabled), "#delete-submit is enabled before the name is typed");
  await main.type("#delete-confirm", "wrong-name");
  must(await main.$eval("#delete-submit", (b) => b.disabled), "#delete-submit is enabled with a wrong name typed");
  await main.$eval("#delete-confirm", (el) => { el.value = ""; });
  await main.type("#delete-confirm", NAME);
  if (await main.$eval("#delete-submit", (b) => b.disabled)) {
    await main.$eval("#delete-confirm", (el) => { el.value = ""; });
    await main.type("#delete-confirm", SPACE);
  }
  must(!(await main.$eval("#delete-submit", (b) => b.disabled)), `#delete-submit stays disabled with '${NAME}' and '${SPACE}' typed`);
  const typed = await main.$eval("#delete-confirm", (el) => el.value);
  await click(main, "#delete-submit");
  await waitUntil(main, "to leave the Space's settings after delete", (p) => location.pathname !== p, `/spaces/${SPACE}/settings`, 30000);
  await go(main, "/");
  must(!(await main.$(`a.space-card[data-space="${SPACE}"]`)), "the deleted Space is still on /");
  await go(main, `/spaces/${SPACE}`, 404);
  await audit(main, "not-found");
  ok(`deleted by typing '${typed}': gone from /, /spaces/${SPACE} is 404`);
  await appHost.close();
  await go(main, "/");
  await audit(main, "list");

  // --- sign out ------------------------------------------------------------------------------------------
  const cookie = (await main.cookies()).find((c) => c.name === "berth_session");
  const signOut = await main.$('form[action="/logout"] [type=submit], form[action="/logout"] button');
  must(signOut, 'no sign-out form (form[action="/logout"]) on /');
  await Promise.all([main.waitForNavigation({ waitUntil: "load" }), click(signOut)]);
  must(new URL(main.url()).pathname === "/login", `after sign-out: at ${main.url()}`);
  const stale = await http("/new", { headers: { Cookie: `berth_session=${cookie.value}` } });
  must(stale.status === 303, `the signed-out session still opens /new: ${stale.status}`);
  ok("signed out: at /login, the old session no longer works");
} catch (e) {
  exitCode = 1;
  console.error(`FAIL: ${e instanceof Failure ? e.message : e.stack}`);
  try {
    const ss = execFileSync("ss", ["-Htn", "state", "established", `( sport = :${PORT} )`]).toString().trim().split("\n").filter(Boolean);
    console.error(`  ${ss.length} connection(s) open to the server: ${ss.map((l) => l.trim().split(/\s+/).at(-1)).join(" ")}`);
  } catch {}
  console.error(`  requests to the UI in flight: ${[...inFlight.values()].join(", ")}`);
  for (const p of pages) {
    if (p.isClosed()) continue;
    try {
      await p.bringToFront();
      await p.screenshot({ path: path.join(SHOTS, `failure-${p.label}.png`), fullPage: true });
      console.error(`  [${p.label}] at ${p.url()}: ${(await p.evaluate(() => document.body?.innerText ?? "")).slice(0, 600).replace(/\n+/g, " | ")}`);
    } catch {}
  }
}
await browser.close();

console.log(`\naudited (axe, light and dark): ${audited.join(", ")}`);
console.log(`CSP checked on: ${[...cspChecked].join(", ")}`);
if (findings.length) {
  console.error(`\n${findings.length} finding(s):`);
  for (const f of findings) console.error(`  - ${f}`);
  exitCode = 1;
}
process.exit(exitCode);
