// agent-cards.js — a durable session's events rendered for people: messages, run headers
// and compact tool-call cards (see agent-panel.js, which feeds it events in seq order).
//
//   const t = new Transcript(element, { app, me, canDecide, decide, appTitle });
//   t.apply(event);   // each event once, in order (DurableSession guarantees it)
//
// Rendering is a pure function of the events applied since reset(), so a reload (which
// replays the log from seq 0) shows exactly what every other viewer shows.

const SVG = "http://www.w3.org/2000/svg";
const PATHS = {
  agent: "M12 2l2.1 5.9L20 10l-5.9 2.1L12 18l-2.1-5.9L4 10l5.9-2.1z",
  tool: "M14.7 6.3a4 4 0 0 0-5.4 5.4L3 18l3 3 6.3-6.3a4 4 0 0 0 5.4-5.4l-2.6 2.6-2.4-.6-.6-2.4z",
  ok: "M5 12.5l4.5 4.5L19 7.5",
  no: "M6 6l12 12M18 6L6 18",
  wait: "M12 6v6l4 2M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18z",
  shield: "M12 3l8 3v6c0 4.5-3.4 8.3-8 9-4.6-.7-8-4.5-8-9V6z",
  replay: "M4 12a8 8 0 1 0 2.3-5.6M4 4v4h4",
  link: "M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1",
};

export function icon(name, label) {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("class", `icon icon-${name}`);
  if (label) { svg.setAttribute("role", "img"); svg.setAttribute("aria-label", label); }
  else svg.setAttribute("aria-hidden", "true");
  const path = document.createElementNS(SVG, "path");
  path.setAttribute("d", PATHS[name] || PATHS.tool);
  svg.append(path);
  return svg;
}

const COLORS = ["#2f5bea", "#1f7a4d", "#9a3412", "#6b21a8", "#0e7490", "#b42318", "#7c6f00"];
const DEMO = "steward-demo (offline)";
const STATE_WORDS = {
  queued: "Queued", running: "Running", awaiting_approval: "Waiting for approval",
  completed: "Completed", failed: "Failed", cancelled: "Stopped", interrupted: "Interrupted",
};
export const ACTIVE = new Set(["queued", "running", "awaiting_approval"]);

export function words(name) {
  const text = String(name || "tool").replace(/_/g, " ").trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function summary(args) {
  if (!args || typeof args !== "object") return args ? String(args) : "no arguments";
  const parts = [];
  for (const [key, value] of Object.entries(args)) {
    if (value === null || value === undefined || value === "") continue;
    const label = key.replace(/_id$/, "").replace(/_/g, " ");
    if (/_id$/.test(key) && Number.isInteger(value)) parts.push(`${label} #${value}`);
    else if (typeof value === "string") parts.push(`${label} “${clip(value, 60)}”`);
    else if (Array.isArray(value) && value.every((v) => v && typeof v === "object")) {
      parts.push(`${value.length} ${label}`);
    } else parts.push(`${label} ${clip(JSON.stringify(value), 60)}`);
  }
  return parts.join(" · ") || "no arguments";
}

function clip(text, n) { return text.length <= n ? text : text.slice(0, n - 1) + "…"; }

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

export function who(label, me) {
  if (!label) return "someone";
  if (label === me) return "you";
  return String(label).replace(/^(user|token|agent):/, "");
}

function seconds(ms) {
  if (!(ms >= 0)) return "";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60000)} min ${Math.round((ms % 60000) / 1000)} s`;
}

// The outcome of a tool result, for people: [kind, words, details (list of lines)].
export function outcome(data) {
  const status = data.status;
  const body = data.result || {};
  const error = body.error || null;
  if (status === "ok") return ["ok", "Done", []];
  if (status === "replayed") return ["replayed", "Replayed (already done before)", []];
  if (status === "pending") return ["pending", "Waiting for approval", []];
  if (!error) return ["failed", "Failed", []];
  const lines = [];
  if (error.fields && typeof error.fields === "object") {
    for (const [field, problems] of Object.entries(error.fields)) {
      const text = Array.isArray(problems) ? problems.join(" ") : String(problems);
      lines.push(`${words(field.replace(/_id$/, ""))}: ${text}`);
    }
  }
  if (!lines.length && error.message) lines.push(error.message);
  switch (error.code) {
    case "invalid": case "parse_error": return ["invalid", "Invalid", lines];
    case "denied": case "unauthenticated": return ["denied", "Not allowed", lines];
    case "rejected": return ["denied", "Rejected by an admin", lines];
    case "not_found": return ["invalid", "Not found", lines];
    case "rate_limited": return ["failed", "Slowed down (rate limit)", lines];
    default: return ["failed", "Failed", lines];
  }
}

const OUTCOME_ICON = { ok: "ok", replayed: "replay", pending: "shield", invalid: "no", denied: "no", failed: "no", calling: "wait" };

export class Transcript {
  constructor(root, options = {}) {
    this.root = root;
    this.options = options;
    this.reset();
  }

  reset() {
    this.root.replaceChildren();
    this.agents = new Map(); // agent key -> {name, color, letter}
    this.runs = new Map(); // run id -> {header, state, ...}
    this.messages = new Map(); // message id -> text node
    this.cards = new Map(); // call id -> card
    this.delegations = new Map(); // sub-agent name -> its task
    this.view = { texts: {}, outcome: null, userMessages: 0, cards: 0 };
  }

  // --- agents ---------------------------------------------------------------------------

  agent(event) {
    const key = event.agent || "main";
    let agent = this.agents.get(key);
    if (!agent) {
      agent = { key, name: key === "main" ? "Agent" : key, color: COLORS[this.agents.size % COLORS.length] };
      agent.letter = agent.name.charAt(0).toUpperCase();
      this.agents.set(key, agent);
    }
    return agent;
  }

  nameAgent(key, name, task) {
    const agent = this.agent({ agent: key });
    if (name) agent.name = name;
    if (task) agent.task = task;
    agent.letter = (agent.name.replace(/^steward-/, "").charAt(0) || "A").toUpperCase();
    for (const node of this.root.querySelectorAll(`[data-agent="${CSS.escape(key)}"]`)) {
      this.paintAvatar(node.querySelector(".avatar"), agent);
      const label = node.querySelector(".agent-name");
      if (label) label.textContent = agent.name;
      const taskNode = node.querySelector(".agent-task");
      if (taskNode) taskNode.textContent = agent.task || "";
    }
  }

  paintAvatar(node, agent) {
    if (!node) return;
    node.textContent = agent.letter;
    node.style.background = agent.color;
    node.title = agent.name;
  }

  avatar(agent) {
    const node = el("span", "avatar");
    node.setAttribute("aria-hidden", "true");
    this.paintAvatar(node, agent);
    return node;
  }

  // --- events ---------------------------------------------------------------------------

  apply(event) {
    const data = event.data || {};
    switch (event.type) {
      case "session.message": this.userMessage(event); break;
      case "run.started": this.started(event); break;
      case "run.delta": this.text(event).textContent += data.text || ""; this.keep(event); break;
      case "message.snapshot": this.text(event).textContent = data.text || ""; this.keep(event); break;
      case "run.tool_call": this.toolCall(event); break;
      case "run.approval_required": this.approvalRequired(event); break;
      case "run.tool_result": this.toolResult(event); break;
      case "run.resumed": this.setRun(event.run, { state: "running" }); break;
      case "run.queued": this.note(event, `your message is queued: ${data.reason}`, "queued"); break;
      case "run.steered": this.note(event, `steered by ${who(data.by, this.options.me)}: “${data.text}”`, "steer"); break;
      case "control.stop": this.note(event, `${who(event.by, this.options.me)} asked the agent to stop`, "stop"); break;
      case "run.completed": this.ended(event, "completed"); break;
      case "run.failed": this.ended(event, "failed", data.message || data.error); break;
      case "run.cancelled": this.ended(event, "cancelled", data.stopped_by ? `stopped by ${who(data.stopped_by, this.options.me)}` : ""); break;
      case "run.interrupted": this.ended(event, "interrupted", data.reason); break;
      default: break;
    }
  }

  userMessage(event) {
    const mine = event.by === this.options.me;
    const item = el("div", `ap-item user-message${mine ? " mine" : ""}`);
    item.dataset.seq = event.seq;
    item.append(el("span", "by", mine ? "You" : who(event.by, this.options.me)), el("p", "text", event.data.text));
    this.root.append(item);
    this.view.userMessages += 1;
  }

  runState(runId) {
    let run = this.runs.get(runId);
    if (!run) {
      run = { id: runId, state: "running" };
      this.runs.set(runId, run);
    }
    return run;
  }

  started(event) {
    const data = event.data || {};
    const run = this.runState(event.run);
    Object.assign(run, { state: "running", startedAt: Date.parse(event.ts), model: data.model, parent: data.parent, agent: event.agent || "main" });
    const agent = this.agent(event);
    if (!data.parent && data.model) this.nameAgent(agent.key, data.model === DEMO ? "Demo model (offline)" : data.model);
    else if (data.parent) this.nameAgent(agent.key, agent.name, this.delegations.get(agent.key));
    const header = el("div", "ap-item run-header");
    header.dataset.run = event.run;
    header.dataset.agent = agent.key;
    const name = el("span", "agent-name", agent.name);
    const state = el("span", "run-state badge");
    const meta = el("span", "run-meta");
    const task = el("span", "agent-task", agent.task || "");
    header.append(this.avatar(agent), name, state, task, meta);
    run.header = header;
    this.root.append(header);
    this.paintRun(run);
  }

  setRun(runId, fields) {
    if (!runId) return;
    const run = this.runState(runId);
    Object.assign(run, fields);
    this.paintRun(run);
  }

  paintRun(run) {
    if (!run.header) return;
    const state = run.header.querySelector(".run-state");
    state.textContent = STATE_WORDS[run.state] || run.state;
    state.dataset.state = run.state;
    run.header.dataset.state = run.state;
    const bits = [];
    if (run.model) bits.push(run.model);
    const end = run.endedAt || (ACTIVE.has(run.state) ? Date.now() : null);
    if (run.startedAt && end) bits.push(seconds(end - run.startedAt));
    if (run.usage && run.usage.total_tokens) bits.push(`${run.usage.total_tokens.toLocaleString()} tokens`);
    run.header.querySelector(".run-meta").textContent = bits.join(" · ");
    let reason = run.header.querySelector(".run-reason");
    if (run.reason) {
      if (!reason) { reason = el("p", "run-reason"); run.header.append(reason); }
      reason.textContent = run.reason;
    } else if (reason) reason.remove();
    this.paintRevert(run);
  }

  // A finished main run can be undone by an app admin or by the person who started it.
  paintRevert(run) {
    const revert = this.options.revert;
    const allowed = this.options.canDecide || (run.startedBy && run.startedBy === this.options.me);
    let button = run.header.querySelector("button.run-revert");
    if (!revert || run.parent || ACTIVE.has(run.state) || !allowed || run.reverted) {
      if (button && !run.reverted) button.remove();
      return;
    }
    if (button) return;
    button = el("button", "run-revert quiet", "Revert");
    button.type = "button";
    button.title = "Undo every change this run made (nothing is undone if someone changed those records since)";
    button.addEventListener("click", async () => {
      button.disabled = true;
      const answer = await revert(run.id);
      if (answer.ok) {
        run.reverted = true;
        button.textContent = "Reverted";
      } else {
        button.disabled = false;
        this.setRun(run.id, { reason: answer.message });
      }
    });
    run.header.append(button);
  }

  // The runs API (GET /api/sessions/<id>/runs) settles what no event says: who started a
  // run (for Revert), its model and tokens, and the state of a run parked by the server.
  settle(runs) {
    for (const run of runs) {
      const known = this.runs.get(run.id);
      if (!known || !known.header) continue;
      const fields = { model: run.model, startedBy: run.started_by };
      // Events are the truth; the API only settles what no event says (a parked run).
      if (ACTIVE.has(known.state) && !ACTIVE.has(run.state)) fields.state = run.state;
      if (known.state === "running" && run.state === "awaiting_approval") fields.state = run.state;
      if (run.total_tokens || run.prompt_tokens) {
        fields.usage = { total_tokens: (run.prompt_tokens || 0) + (run.completion_tokens || 0) };
      }
      if (run.started_by && run.started_by.startsWith("token:") && !run.parent) {
        this.nameAgent(run.agent, run.started_by.replace(/^token:/, ""));
      }
      this.setRun(run.id, fields);
    }
  }

  tick() {
    for (const run of this.runs.values()) if (ACTIVE.has(run.state)) this.paintRun(run);
  }

  ended(event, state, reason) {
    const data = event.data || {};
    this.setRun(event.run, { state, endedAt: Date.parse(event.ts), usage: data.usage || null, reason: reason || "" });
    for (const card of this.cards.values()) {
      if (card.run !== event.run || card.node.dataset.outcome !== "pending") continue;
      // A run stopped while it waited: its call is never made, whatever is decided later.
      this.setOutcome(card, "denied", "Not made: the run ended first");
      card.detail.replaceChildren();
    }
    if (!this.runs.get(event.run).parent) this.view.outcome = state;
  }

  text(event) {
    const data = event.data || {};
    const id = data.message;
    let node = this.messages.get(id);
    if (!node) {
      const agent = this.agent(event);
      const item = el("div", "ap-item agent-message");
      item.dataset.agent = agent.key;
      item.dataset.message = id;
      node = el("p", "text");
      item.append(this.avatar(agent), node);
      this.root.append(item);
      this.messages.set(id, node);
    }
    return node;
  }

  keep(event) { this.view.texts[event.data.message] = this.messages.get(event.data.message).textContent; }

  note(event, text, kind) {
    const item = el("div", `ap-item note ${kind}`);
    item.append(el("span", "", text));
    this.root.append(item);
  }

  // --- tool cards -----------------------------------------------------------------------

  toolCall(event) {
    const data = event.data || {};
    const agent = this.agent(event);
    if (data.name === "delegate" && Array.isArray(data.arguments?.tasks)) {
      for (const task of data.arguments.tasks) if (task && task.agent) this.delegations.set(task.agent, task.instructions || "");
    }
    const card = el("article", "ap-item tool-card");
    card.dataset.call = data.call_id;
    card.dataset.agent = agent.key;
    card.dataset.outcome = "calling";
    card.dataset.action = data.name;
    const head = el("header", "card-head");
    const title = el("strong", "card-title", data.name === "delegate" ? "Delegate to sub-agents" : words(data.name));
    const badge = el("span", "badge outcome", "Calling…");
    head.append(this.avatar(agent), icon("tool"), title, badge);
    const args = el("p", "card-args", summary(data.arguments));
    const detail = el("div", "card-detail");
    const raw = el("details", "card-raw");
    const pre = el("pre", "raw-json", JSON.stringify({ arguments: data.arguments ?? {} }, null, 2));
    raw.append(el("summary", "", "Raw JSON"), pre);
    card.append(head, args, detail, raw);
    this.root.append(card);
    this.cards.set(data.call_id, { node: card, call: data, run: event.run, badge, detail, raw, pre });
    this.view.cards += 1;
  }

  setOutcome(card, kind, text) {
    card.node.dataset.outcome = kind;
    card.badge.replaceChildren(icon(OUTCOME_ICON[kind] || "tool"), document.createTextNode(text));
  }

  approvalRequired(event) {
    const data = event.data || {};
    const card = this.cards.get(data.call_id);
    if (!card) return;
    card.approval = data.approval_id;
    card.node.dataset.approval = data.approval_id;
    this.setOutcome(card, "pending", "Waiting for approval");
    this.setRun(event.run, { state: "awaiting_approval" });
    card.detail.replaceChildren(this.approvalBox(card, data.approval_id));
  }

  approvalBox(card, approvalId) {
    const box = el("div", "card-approval");
    if (!this.options.canDecide) {
      box.append(el("p", "muted", `Waiting for an admin of ${this.options.appTitle || this.options.app} to approve or reject this call.`));
      return box;
    }
    const reason = el("input", "reason");
    reason.type = "text";
    reason.placeholder = "Reason (optional, the agent is told)";
    reason.setAttribute("aria-label", "Reason for the decision (optional)");
    const approve = el("button", "approve", "Approve");
    const reject = el("button", "quiet reject", "Reject");
    approve.type = reject.type = "button";
    const status = el("p", "decision-status");
    status.setAttribute("role", "status");
    const decide = async (decision) => {
      approve.disabled = reject.disabled = true;
      status.textContent = decision === "approve" ? "Approving…" : "Rejecting…";
      const answer = await this.options.decide(approvalId, decision, reason.value);
      if (answer.ok) {
        status.textContent = decision === "approve" ? "Approved: the agent goes on." : "Rejected: the agent is told.";
      } else {
        status.textContent = answer.message;
        status.classList.add("error");
        approve.disabled = reject.disabled = false;
      }
    };
    approve.addEventListener("click", () => decide("approve"));
    reject.addEventListener("click", () => decide("reject"));
    const buttons = el("div", "buttons");
    buttons.append(approve, reject);
    box.append(el("p", "", "This call needs an admin's approval."), reason, buttons, status);
    return box;
  }

  toolResult(event) {
    const data = event.data || {};
    const card = this.cards.get(data.call_id);
    if (!card) return;
    const [kind, text, lines] = outcome(data);
    this.setOutcome(card, kind, text);
    card.detail.replaceChildren();
    if (lines.length) {
      const list = el("ul", "card-errors");
      for (const line of lines) list.append(el("li", "", line));
      card.detail.append(list);
    }
    const record = this.record(card.call, data.result);
    if (record) card.detail.append(record);
    const raw = { arguments: card.call.arguments ?? {}, status: data.status, result: data.result };
    card.pre.textContent = JSON.stringify(raw, null, 2);
  }

  // The record a call touched: the result's id (or the argument naming one), linked to the
  // app page; the panel scrolls to it when the page shows it (elements carry data-<noun>).
  record(call, body) {
    const result = body && typeof body.result === "object" && body.result ? body.result : null;
    let noun = null;
    let id = null;
    for (const [key, value] of Object.entries(call.arguments || {})) {
      if (/_id$/.test(key) && Number.isInteger(value)) { noun = key.replace(/_id$/, ""); id = value; }
    }
    if (id === null && result && Number.isInteger(result.id)) {
      noun = String(call.name).split("_").slice(1).join("_") || "record";
      id = result.id;
    }
    if (id === null) return null;
    const label = result && (result.title || result.name);
    const link = el("a", "card-record");
    link.href = `/apps/${this.options.app}/`;
    link.dataset.recordNoun = noun;
    link.dataset.recordId = String(id);
    link.append(icon("link"), document.createTextNode(`${words(noun)} #${id}${label ? ` “${label}”` : ""}`));
    return link;
  }
}
