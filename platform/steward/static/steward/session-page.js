// The session page: renders a durable session's transcript live (see pages/session.html).
import { DurableSession } from "./durable-session.js";
import { outcome, summary, words } from "./agent-cards.js";

const root = document.querySelector("[data-session]");
const transcript = root.querySelector(".transcript");
const indicator = root.querySelector(".connection");
const presence = root.querySelector(".presence");
const messages = new Map(); // message id -> text node
const here = new Map(); // who -> count of connections
const view = { lastSeq: 0, state: "idle", texts: {}, outcome: null, reconnects: 0 };
window.stewardSession = view;

function line(kind, text, by) {
  const item = document.createElement("div");
  item.className = `event ${kind}`;
  if (by) {
    const who = document.createElement("span");
    who.className = "by";
    who.textContent = by;
    item.append(who, " ");
  }
  const body = document.createElement("span");
  body.className = "text";
  body.textContent = text;
  item.append(body);
  transcript.append(item);
  return item;
}

function message(event) {
  const id = event.data.message;
  let node = messages.get(id);
  if (!node) {
    const item = line("agent-message", "", event.agent || event.by);
    item.dataset.message = id;
    item.dataset.run = event.run || "";
    node = item.querySelector(".text");
    messages.set(id, node);
  }
  return node;
}

function render(event) {
  const data = event.data || {};
  view.lastSeq = event.seq;
  switch (event.type) {
    case "session.message": line("user-message", data.text, event.by); break;
    case "run.started": if (data.message) message(event); break;
    case "run.delta":
      message(event).textContent += data.text || "";
      view.texts[data.message] = message(event).textContent;
      break;
    case "message.snapshot":
      message(event).textContent = data.text;
      view.texts[data.message] = data.text;
      break;
    case "run.tool_call": {
      const item = line("tool-call", `${words(data.name)}: ${summary(data.arguments ?? data.args)}`, event.agent || event.by);
      item.dataset.action = data.name || "";
      break;
    }
    case "run.tool_result": {
      const [kind, said, details] = outcome(data);
      const item = line(`tool-result ${kind}`, [said, ...details].join(" — "), event.agent || event.by);
      const raw = document.createElement("details");
      const label = document.createElement("summary");
      label.textContent = "Raw result";
      const pre = document.createElement("pre");
      pre.textContent = JSON.stringify(data.result ?? data, null, 2);
      raw.append(label, pre);
      item.append(raw);
      break;
    }
    case "run.approval_required":
      line("approval", `${words(data.action || data.name)} waits for an admin's approval (approvals inbox: /approvals/)`, event.agent || event.by);
      break;
    case "run.queued": line("queued", `queued: ${data.reason}`, event.agent || event.by); break;
    case "control.stop": line("control stop", "stopped the run", event.by); break;
    case "control.steer": line("control steer", `steered: ${data.text}`, event.by); break;
    case "run.completed": view.outcome = "completed"; line("run-end", "run completed", event.agent || event.by); break;
    case "run.cancelled":
      view.outcome = "cancelled";
      line("run-end cancelled", `run cancelled${data.stopped_by ? " — stopped by " + data.stopped_by : ""}`, event.agent || event.by);
      break;
    case "run.failed": view.outcome = "failed"; line("run-end failed", `run failed: ${data.error || ""}`, event.agent || event.by); break;
    case "run.interrupted": view.outcome = "interrupted"; line("run-end", "run interrupted", event.agent || event.by); break;
    default: break;
  }
}

function showPresence() {
  presence.textContent = [...here].filter(([, n]) => n > 0).map(([who]) => who).join(", ");
}

// Presence is current state, not events in the log: the socket says who is here as it
// joins, and this page asks again now and then (GET /api/sessions/<id>/presence).
const PRESENCE_POLL_MS = 15000;
let presenceTimer = null;
function setPresence(list) {
  here.clear();
  for (const { who, connections } of list) here.set(who, connections);
  showPresence();
}
async function pollPresence() {
  clearTimeout(presenceTimer);
  try {
    const response = await fetch(`/api/sessions/${encodeURIComponent(root.dataset.session)}/presence`, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    });
    if (response.ok) setPresence((await response.json()).here);
  } catch { /* informative only: the next poll tries again */ }
  presenceTimer = setTimeout(pollPresence, PRESENCE_POLL_MS);
}

const session = new DurableSession(root.dataset.socket, {
  onEvent: render,
  onPresence: (list) => {
    setPresence(list);
    clearTimeout(presenceTimer);
    presenceTimer = setTimeout(pollPresence, PRESENCE_POLL_MS);
  },
  onState: (state) => {
    if (state === "reconnecting") view.reconnects += 1;
    view.state = state;
    indicator.dataset.state = state;
    indicator.textContent = state;
  },
  onError: (error) => {
    const note = root.querySelector(".error");
    note.textContent = error.message;
    note.hidden = false;
  },
});
view.session = session;
session.connect();

const stop = root.querySelector("button.stop");
const form = root.querySelector("form.compose");
if (stop) stop.addEventListener("click", () => session.stop());
if (form) {
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const input = form.querySelector("textarea");
    const op = e.submitter && e.submitter.value === "steer" ? "steer" : "say";
    if (!input.value.trim()) return;
    if (op === "steer") session.steer(input.value); else session.say(input.value);
    input.value = "";
  });
}
