// agent-panel.js — the agent panel docked on hosted app pages (agents/panel.html).
//
// It follows the person's current session of the app over durable-session.js (so a reload,
// a second tab or another device shows the same session at the same point), renders it with
// agent-cards.js, and sends Send / Steer / Stop as control frames. The session is created on
// the first message; "New session" starts an empty one. The app's own regions update
// beside it through the app feed (live/app_feed.html), as for any other change.
import { DurableSession } from "./durable-session.js";
import { ACTIVE, Transcript } from "./agent-cards.js";
import { csrf, decide, revert } from "./agent-api.js";

const root = document.querySelector("[data-agent-panel]");
const config = JSON.parse(document.getElementById("agent-panel-config").textContent);
const $ = (selector) => root.querySelector(selector);
const box = $("textarea[name=message]");
const send = $("button.ap-send");
const steer = $("button.ap-steer");
const stop = $("button.ap-stop");
const queue = $(".ap-queue");
const connection = $(".ap-connection");
const presence = $(".ap-presence");
const title = $(".ap-session-title");
const errorNote = $(".ap-error");
const intro = $(".ap-intro");

const view = { state: "idle", lastSeq: 0, sessionId: null, texts: {}, outcome: null, reconnects: 0 };
window.stewardPanel = view;

const transcript = new Transcript($(".ap-transcript"), {
  app: config.app,
  appTitle: config.appTitle,
  me: config.me,
  canDecide: config.canDecide,
  decide: (id, decision, reason) => decide(config.decide.replace("{id}", id), decision, reason),
  revert,
});
let session = null;
let current = null; // {id, title, socket, runs, ...}
let here = new Map(); // presence label -> open connections
let runsTimer = null;
let queued = [];

// --- docking below the top bar, collapsing (remembered per device) ------------------------

const topbar = document.querySelector(".topbar");
if (topbar) {
  const dock = () => document.documentElement.style.setProperty("--topbar-height", `${topbar.offsetHeight}px`);
  new ResizeObserver(dock).observe(topbar);
  dock();
}

const toggle = $(".ap-toggle");
const phone = window.matchMedia("(max-width: 700px)");
function setOpen(open, remember) {
  root.dataset.open = open ? "true" : "false";
  toggle.setAttribute("aria-expanded", String(open));
  toggle.title = open ? "Collapse the agent panel" : "Open the agent panel";
  if (remember) localStorage.setItem("steward.agentPanel", open ? "open" : "closed");
  if (open) { const list = $(".ap-transcript"); list.scrollTop = list.scrollHeight; }
}
// On a phone the sheet would cover the page: it starts closed on every page load there.
const remembered = localStorage.getItem("steward.agentPanel");
setOpen(!phone.matches && remembered !== "closed", false);
toggle.addEventListener("click", () => setOpen(root.dataset.open !== "true", true));

// --- following a session ----------------------------------------------------------------

function follow(target, { empty = false } = {}) {
  if (session) session.close();
  transcript.reset();
  here = new Map();
  showPresence();
  clearTimeout(presenceTimer);
  current = target;
  queued = [];
  queue.hidden = true;
  view.sessionId = target ? target.id : null;
  view.lastSeq = 0;
  view.outcome = null;
  view.texts = transcript.view.texts;
  title.textContent = target ? target.title : "New session";
  const link = $(".ap-open-page");
  if (link) {
    link.hidden = !target;
    if (target) link.href = target.page;
  }
  if (intro) intro.hidden = !(config.demoIntro && (!target || empty));
  markRecent();
  updateButtons();
  if (!target) { session = null; view.state = "idle"; connection.textContent = ""; return; }
  session = new DurableSession(target.socket, {
    onEvent: (event) => {
      view.lastSeq = event.seq;
      if (event.type.startsWith("presence.")) return; // old logs: presence is current state now
      if (event.type === "session.message" && intro) intro.hidden = true;
      transcript.apply(event);
      view.outcome = transcript.view.outcome;
      if (event.type === "session.message" || (event.type.startsWith("run.") && event.type !== "run.delta")) refreshRuns();
      updateButtons();
      scrollDown();
    },
    onState: (state) => {
      if (state === "reconnecting") view.reconnects += 1;
      view.state = state;
      connection.dataset.state = state;
      connection.textContent = { open: "live", connecting: "connecting…", reconnecting: "reconnecting…", closed: "disconnected" }[state] || state;
    },
    onError: (error) => showError(error.message),
    onPresence: (list) => { setPresence(list); schedulePresence(); },
  });
  view.session = session;
  session.connect();
}

function scrollDown() {
  const list = $(".ap-transcript");
  if (list.scrollHeight - list.scrollTop - list.clientHeight < 160) list.scrollTop = list.scrollHeight;
}

function showError(message) {
  errorNote.textContent = message;
  errorNote.hidden = !message;
}

// --- presence: who watches, who controls ------------------------------------------------

// Presence is current state, not events in the log: the socket says who is here as it
// joins, and the panel asks again now and then (GET /api/sessions/<id>/presence).
const PRESENCE_POLL_MS = 15000;
let presenceTimer = null;

function setPresence(list) {
  here = new Map(list.map(({ who, connections }) => [who, connections]));
  showPresence();
}

function schedulePresence() {
  clearTimeout(presenceTimer);
  presenceTimer = setTimeout(pollPresence, PRESENCE_POLL_MS);
}

async function pollPresence() {
  const target = current;
  if (!target) return;
  try {
    const response = await fetch(`/api/sessions/${encodeURIComponent(target.id)}/presence`, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    });
    if (response.ok && current === target) setPresence((await response.json()).here);
  } catch { /* informative only: the next poll tries again */ }
  if (current === target) schedulePresence();
}

function showPresence() {
  presence.replaceChildren();
  const people = [...here].filter(([, n]) => n > 0).map(([label]) => label);
  if (!people.length) return;
  presence.append("Here: ");
  people.forEach((label, i) => {
    const role = label === config.me ? (config.canControl ? "controls" : "watches") : config.team[label] || (label.startsWith("token:") ? "controls" : "watches");
    const name = label === config.me ? "you" : label.replace(/^(user|token):/, "");
    const chip = document.createElement("span");
    chip.className = `who ${role}`;
    chip.textContent = `${name} (${role})`;
    presence.append(chip);
    if (i < people.length - 1) presence.append(" ");
  });
}

// --- runs: queued turns and their reason, state from the API -----------------------------

// Throttled, not debounced: a stream of events must not keep postponing the refresh. The run
// a message starts commits just after the message, so a second look follows the first.
function refreshRuns() {
  if (runsTimer) return;
  runsTimer = setTimeout(() => {
    runsTimer = null;
    loadRuns();
  }, 250);
  clearTimeout(refreshRuns.again);
  refreshRuns.again = setTimeout(loadRuns, 1500);
}

async function loadRuns() {
  if (!current) return;
  const id = current.id;
  let runs;
  try {
    const response = await fetch(current.runs, { headers: { Accept: "application/json" } });
    if (!response.ok) return;
    runs = await response.json();
  } catch { return; }
  if (!current || current.id !== id) return;
  const main = runs.filter((r) => !r.parent);
  queued = main.filter((r) => r.state === "queued");
  const busy = main.some((r) => r.state === "running" || r.state === "awaiting_approval");
  transcript.settle(runs);
  if (queued.length) {
    const why = busy ? "it starts when the current run ends" : "waiting for a worker to pick it up";
    queue.textContent = `${queued.length === 1 ? "1 message" : `${queued.length} messages`} queued: ${why}.`;
    queue.hidden = false;
  } else queue.hidden = true;
  updateButtons();
}

function activeRun() {
  for (const run of transcript.runs.values()) if (ACTIVE.has(run.state)) return run;
  return null;
}

function updateButtons() {
  if (!send) return;
  const active = activeRun() || queued.length;
  const running = [...transcript.runs.values()].some((r) => r.state === "running");
  stop.disabled = !active;
  steer.disabled = !running;
}

setInterval(() => transcript.tick(), 1000);

// --- commands ---------------------------------------------------------------------------

async function startSession(text) {
  const body = new FormData();
  body.set("title", text);
  const response = await fetch(config.start, { method: "POST", body, headers: { "X-CSRFToken": csrf(), Accept: "application/json" } });
  if (!response.ok) throw new Error(`Could not open a session (${response.status}). Reload the page and try again.`);
  const created = await response.json();
  addRecent(created);
  return created;
}

const form = $("form.ap-compose");
if (form) {
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const text = box.value.trim();
    if (!text) { box.focus(); return; }
    showError("");
    send.disabled = true;
    try {
      if (!current) follow(await startSession(text), { empty: true });
      session.say(text);
      box.value = "";
    } catch (err) {
      showError(err.message);
    } finally {
      send.disabled = false;
    }
  });
  box.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); form.requestSubmit(send); }
  });
  steer.addEventListener("click", () => {
    const text = box.value.trim();
    if (!text) { showError("Type the extra instruction in the Message box, then press Steer."); box.focus(); return; }
    showError("");
    session.steer(text);
    box.value = "";
  });
  stop.addEventListener("click", () => { if (session) session.stop(); });
}

$(".ap-new")?.addEventListener("click", () => { follow(null); box?.focus(); });

// --- recent sessions ----------------------------------------------------------------------

const recent = $(".ap-recent-list");
function markRecent() {
  for (const button of recent?.querySelectorAll("[data-session-id]") || []) {
    const mine = current && button.dataset.sessionId === current.id;
    if (mine) button.setAttribute("aria-current", "true"); else button.removeAttribute("aria-current");
  }
}
function addRecent(created) {
  if (!recent) return;
  const item = document.createElement("li");
  const button = document.createElement("button");
  button.type = "button";
  button.className = "link";
  button.dataset.sessionId = created.id;
  button.dataset.session = JSON.stringify(created);
  button.textContent = created.title;
  const when = document.createElement("small");
  when.textContent = " just now";
  item.append(button, when);
  recent.prepend(item);
  recent.closest(".ap-recent").hidden = false;
}
recent?.addEventListener("click", (e) => {
  const button = e.target.closest("[data-session-id]");
  if (!button) return;
  follow(JSON.parse(button.dataset.session));
  button.closest("details").open = false;
});

// The record a card links to: scroll to it when this page shows it (data-<noun>="<id>").
root.addEventListener("click", (e) => {
  const link = e.target.closest("a.card-record");
  if (!link) return;
  const target = document.querySelector(`main [data-${CSS.escape(link.dataset.recordNoun)}="${CSS.escape(link.dataset.recordId)}"]`);
  if (!target) return;
  e.preventDefault();
  target.scrollIntoView({ behavior: "smooth", block: "center" });
  target.classList.add("ap-flash");
  setTimeout(() => target.classList.remove("ap-flash"), 1600);
});

// The demo model's commands fill the Message box.
intro?.addEventListener("click", (e) => {
  const chip = e.target.closest("button[data-command]");
  if (!chip || !box) return;
  box.value = chip.dataset.command;
  box.focus();
});

follow(config.session, { empty: config.sessionEmpty });
