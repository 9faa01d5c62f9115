// The session page (pages/session.html): one durable session's transcript, live, rendered with
// the agent panel's cards (agent-cards.js), with Stop and a say / steer box for its team.
import { DurableSession } from "./durable-session.js";
import { ACTIVE, Transcript, who } from "./agent-cards.js";
import { decide, revert } from "./agent-api.js";

const root = document.querySelector("[data-session]");
const config = JSON.parse(document.getElementById("session-config").textContent);
const indicator = root.querySelector(".connection");
const presence = root.querySelector(".presence");
const stop = root.querySelector("button.stop");
const transcript = new Transcript(root.querySelector(".transcript"), {
  app: config.app,
  appTitle: config.appTitle,
  me: config.me,
  canDecide: config.canDecide,
  decide: (id, decision, reason) => decide(config.decide.replace("{id}", id), decision, reason),
  revert: config.canControl ? revert : null,
});
const view = { lastSeq: 0, state: "idle", texts: transcript.view.texts, outcome: null, reconnects: 0 };
window.stewardSession = view;
setInterval(() => transcript.tick(), 1000);

// --- runs: who started each (for Revert), tokens, and states no event tells -------------

let runsTimer = null;
let queued = 0; // turns waiting for the current run (they are runs without events yet)
function refreshRuns() {
  if (runsTimer) return;
  runsTimer = setTimeout(async () => {
    runsTimer = null;
    try {
      const response = await fetch(config.runs, { headers: { Accept: "application/json" } });
      if (response.ok) {
        const runs = await response.json();
        queued = runs.filter((run) => !run.parent && run.state === "queued").length;
        transcript.settle(runs);
      }
    } catch { /* informative only: the next run event asks again */ }
    updateStop();
  }, 250);
}

function updateStop() {
  if (stop) stop.disabled = !queued && ![...transcript.runs.values()].some((run) => ACTIVE.has(run.state));
}

// --- presence: current state, not events in the log ---------------------------------------

const PRESENCE_POLL_MS = 15000;
let presenceTimer = null;
function setPresence(list) {
  const names = list.filter(({ connections }) => connections > 0).map(({ who: label }) => who(label, config.me));
  presence.textContent = names.join(", ") || "nobody else";
  clearTimeout(presenceTimer);
  presenceTimer = setTimeout(pollPresence, PRESENCE_POLL_MS);
}
async function pollPresence() {
  try {
    const response = await fetch(config.presence, { credentials: "same-origin", headers: { Accept: "application/json" } });
    if (response.ok) return setPresence((await response.json()).here);
  } catch { /* the next poll tries again */ }
  presenceTimer = setTimeout(pollPresence, PRESENCE_POLL_MS);
}

// --- the session ----------------------------------------------------------------------------

const STATE_WORDS = { connecting: "connecting…", open: "live", reconnecting: "reconnecting…", closed: "closed" };
const session = new DurableSession(config.socket, {
  onEvent: (event) => {
    view.lastSeq = event.seq;
    if (event.type.startsWith("presence.")) return; // old logs: presence is current state now
    transcript.apply(event);
    view.outcome = transcript.view.outcome;
    if (event.type === "session.message" || (event.type.startsWith("run.") && event.type !== "run.delta")) refreshRuns();
    updateStop();
  },
  onPresence: setPresence,
  onState: (state) => {
    if (state === "reconnecting") view.reconnects += 1;
    view.state = state;
    indicator.dataset.state = state;
    indicator.textContent = STATE_WORDS[state] || state;
  },
  onError: (error) => {
    const note = root.querySelector(".error");
    note.textContent = error.message;
    note.hidden = false;
  },
});
view.session = session;
session.connect();
updateStop();

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
