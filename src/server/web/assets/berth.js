// Berth's web UI script: live stage badges and logs (server-sent events), settings through the
// JSON API (fetch with the page's CSRF token), search and the delete confirmation. Everything
// it shows from the server goes in as text nodes, never as HTML.
"use strict";

const csrfToken = () => document.querySelector('meta[name="csrf-token"]')?.content || "";

function stageClass(stage) {
  if (stage === "RUNNING") return "ok";
  if (["BUILDING", "APP_STARTING", "RUNNING_BUILDING", "RUNNING_APP_STARTING"].includes(stage))
    return "busy";
  if (["BUILD_ERROR", "RUNTIME_ERROR", "CONFIG_ERROR", "ERROR"].includes(stage)) return "bad";
  return "idle";
}

// --- Stage badges ---------------------------------------------------------------------------
function watchStages() {
  const badges = document.querySelectorAll("[data-stage-for]");
  if (badges.length === 0 || !window.EventSource) return;
  const page = document.body.dataset.space;  // set on a Space's pages
  const source = new EventSource("/ui/stages" + (page ? "?space=" + encodeURIComponent(page) : ""));
  source.onmessage = (event) => {
    const { id, stage } = JSON.parse(event.data);
    for (const badge of document.querySelectorAll("[data-stage-for]")) {
      if (badge.dataset.stageFor.toLowerCase() !== id.toLowerCase()) continue;
      const was = badge.dataset.stage;
      badge.dataset.stage = stage;
      badge.textContent = stage;
      badge.className = "stage-badge " + stageClass(stage);
      // A page whose content depends on the stage (the App tab) is rendered again.
      if (badge.dataset.reloadOnChange !== undefined && was !== stage) location.reload();
    }
  };
}

// --- Logs -----------------------------------------------------------------------------------
const SGR_CLASSES = { 1: "ansi-bold", 2: "ansi-dim", 3: "ansi-italic", 4: "ansi-underline" };

// Text with ANSI SGR escapes as spans with classes; other escapes are dropped.
function renderAnsi(text, into) {
  let classes = [];
  const pattern = /\x1b\[([0-9;]*)m|\x1b\[[0-9;?]*[A-Za-z]/g;
  let last = 0;
  const emit = (chunk) => {
    if (!chunk) return;
    if (classes.length === 0) return into.append(chunk);
    const span = document.createElement("span");
    span.className = classes.join(" ");
    span.textContent = chunk;
    into.append(span);
  };
  for (let match; (match = pattern.exec(text)); ) {
    emit(text.slice(last, match.index));
    last = pattern.lastIndex;
    if (match[1] === undefined) continue;
    for (const part of (match[1] || "0").split(";")) {
      const code = Number(part);
      if (code === 0) classes = [];
      else if (SGR_CLASSES[code]) classes.push(SGR_CLASSES[code]);
      else if ((code >= 30 && code <= 37) || (code >= 90 && code <= 97))
        classes = classes.filter((c) => !c.startsWith("fg-")).concat("fg-" + code);
      else if (code >= 41 && code <= 46)
        classes = classes.filter((c) => !c.startsWith("bg-")).concat("bg-" + code);
      else if (code === 39) classes = classes.filter((c) => !c.startsWith("fg-"));
      else if (code === 49) classes = classes.filter((c) => !c.startsWith("bg-"));
    }
  }
  emit(text.slice(last).replace(/\x1b/g, ""));
}

function followLog(view) {
  if (!window.EventSource) return;
  const follow = document.getElementById("follow");
  let opened = false;
  const source = new EventSource(view.dataset.logSrc);
  source.onopen = () => {
    // A reconnection sends the whole log again.
    if (opened) view.replaceChildren();
    opened = true;
  };
  source.onmessage = (event) => {
    let line;
    try {
      line = JSON.parse(event.data);
    } catch {
      line = { data: event.data };
    }
    view.querySelector(".log-empty")?.remove();
    const atBottom = view.scrollHeight - view.scrollTop - view.clientHeight < 40;
    const row = document.createElement("div");
    row.className = "log-line";
    if (line.timestamp) {
      const time = document.createElement("time");
      time.dateTime = line.timestamp;
      const when = new Date(line.timestamp);
      time.textContent = isNaN(when) ? line.timestamp : when.toLocaleTimeString();
      row.append(time);
    }
    const text = document.createElement("span");
    renderAnsi(String(line.data ?? ""), text);
    row.append(text);
    view.append(row);
    // Follow the end unless the reader scrolled up to read (or turned following off).
    if ((!follow || follow.checked) && atBottom) view.scrollTop = view.scrollHeight;
  };
}

// --- Forms and buttons that call the JSON API ----------------------------------------------
function fieldValue(element) {
  const type = element.dataset.type;
  if (element.type === "checkbox") return element.checked;
  if (type === "bool") return element.value === "true";
  if (type === "number") return element.value === "" ? undefined : Number(element.value);
  if (type === "pairs") {
    // KEY=value per line → [{key, value}]
    return element.value
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l)
      .map((l) => {
        const eq = l.indexOf("=");
        return eq < 0 ? { key: l, value: "" } : { key: l.slice(0, eq).trim(), value: l.slice(eq + 1) };
      });
  }
  if (element.value === "" && element.dataset.optional !== undefined) return undefined;
  return element.value;
}

function statusRegion(element) {
  return element.closest("[data-status]")?.querySelector("[role=status]") ||
    document.querySelector("#settings-status, #form-status");
}

function say(region, text, isError) {
  if (!region) return;
  region.textContent = text;
  region.className = isError ? "error" : "notice";
}

async function callApi(trigger, body) {
  const region = statusRegion(trigger);
  const url = trigger.dataset.api;
  const method = trigger.dataset.method || "POST";
  const controls = trigger.tagName === "FORM" ? trigger.querySelectorAll("button") : [trigger];
  controls.forEach((c) => (c.disabled = true));
  say(region, trigger.dataset.busy || "Working…", false);
  try {
    const response = await fetch(url, {
      method,
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrfToken() },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    let answer = {};
    try {
      answer = await response.json();
    } catch {}
    if (!response.ok) {
      say(region, (answer && answer.error) || response.status + " " + response.statusText, true);
      controls.forEach((c) => (c.disabled = false));
      return;
    }
    say(region, trigger.dataset.done || "Done.", false);
    const then = trigger.dataset.then || "reload";
    if (then === "reload") location.reload();
    else if (then.startsWith("go:")) location.assign(then.slice(3));
    else if (then.startsWith("space:")) {
      // The Space's page under the id the form names (owner and name fields).
      const form = trigger;
      const owner = form.querySelector("[name=organization], [data-owner]");
      const name = form.querySelector("[data-space-name]");
      const id = (owner ? owner.value + "/" : "") + name.value.split("/").pop();
      location.assign("/spaces/" + id + then.slice(6));
    }
  } catch (error) {
    say(region, "The request failed: " + error.message, true);
    controls.forEach((c) => (c.disabled = false));
  }
}

function formBody(form) {
  const body = form.dataset.json ? JSON.parse(form.dataset.json) : {};
  for (const element of form.elements) {
    if (!element.name || element.dataset.ignore !== undefined) continue;
    const value = fieldValue(element);
    if (value === undefined) continue;
    if (element.dataset.prefix) body[element.name] = element.dataset.prefix + value;
    else body[element.name] = value;
  }
  return body;
}

function wireApiCalls() {
  for (const form of document.querySelectorAll("form[data-api]")) {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      if (form.dataset.confirm && !confirm(form.dataset.confirm)) return;
      callApi(form, form.dataset.nobody !== undefined ? undefined : formBody(form));
    });
  }
  for (const button of document.querySelectorAll("button[data-api]")) {
    button.addEventListener("click", () => {
      if (button.dataset.confirm && !confirm(button.dataset.confirm)) return;
      callApi(button, button.dataset.json ? JSON.parse(button.dataset.json) : undefined);
    });
  }
}

// --- Small things ---------------------------------------------------------------------------
function wireSearch() {
  const search = document.getElementById("search");
  if (!search) return;
  const filter = () => {
    const query = search.value.trim().toLowerCase();
    let shown = 0;
    for (const card of document.querySelectorAll(".space-card")) {
      const match = card.dataset.space.toLowerCase().includes(query);
      card.closest("li").hidden = !match;
      if (match) shown++;
    }
    const count = document.getElementById("search-count");
    if (count) count.textContent = shown + (shown === 1 ? " Space" : " Spaces");
  };
  search.addEventListener("input", filter);
  filter();
}

function wireDeleteConfirmation() {
  const typed = document.getElementById("delete-confirm");
  const submit = document.getElementById("delete-submit");
  if (!typed || !submit) return;
  typed.addEventListener("input", () => {
    submit.disabled = typed.value !== typed.dataset.expect;
  });
}

// A variable's Edit button puts it into the form below the table, ready to change.
function wireVariableEditing() {
  for (const button of document.querySelectorAll("button.edit-variable")) {
    button.addEventListener("click", () => {
      document.getElementById("variable-key").value = button.dataset.key;
      document.getElementById("variable-description").value = button.dataset.description;
      const value = document.getElementById("variable-value");
      value.value = button.dataset.value;
      value.focus();
    });
  }
}

document.addEventListener("DOMContentLoaded", () => {
  watchStages();
  document.querySelectorAll(".log-view[data-log-src]").forEach(followLog);
  wireApiCalls();
  wireSearch();
  wireDeleteConfirmation();
  wireVariableEditing();
});
