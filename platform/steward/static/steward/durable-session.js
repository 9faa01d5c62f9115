// durable-session.js — a dependency-free client for Steward's durable sessions.
//
//   import { DurableSession } from "/static/steward/durable-session.js";
//   const s = new DurableSession("/ws/sessions/s_123/", {
//     onEvent: (event) => render(event),          // each event exactly once, in seq order
//     onState: (state) => indicator(state),       // "connecting" | "open" | "reconnecting" | "closed"
//     onError: (error) => toast(error.message),   // error frames ({code, message})
//   });
//   s.connect(); s.stop(); s.steer("shorter please"); s.say("hello");
//
// It resumes after the last seq it delivered, reconnects with exponential backoff and full
// jitter, drops duplicates by seq, and passes message.snapshot events through (a snapshot
// *sets* a message's text; see applyEvent). Control frames sent while disconnected are
// queued and sent on the next open.

const PERMANENT = new Set([4400, 4401, 4403, 4404]);

export class DurableSession {
  constructor(url, options = {}) {
    this.url = url;
    this.lastSeq = options.after || 0;
    this.onEvent = options.onEvent || (() => {});
    this.onState = options.onState || (() => {});
    this.onError = options.onError || (() => {});
    // Who is here as the socket joined (current state, no seq: never part of the log).
    this.onPresence = options.onPresence || (() => {});
    this.minDelay = options.minDelay ?? 250;
    this.maxDelay = options.maxDelay ?? 8000;
    this.WebSocket = options.WebSocket || globalThis.WebSocket;
    this.state = "idle";
    this.attempt = 0;
    this.pending = [];
    this.socket = null;
    this.timer = null;
    this.closedByUser = false;
    this._online = () => this._reconnectNow();
    if (globalThis.addEventListener) globalThis.addEventListener("online", this._online);
  }

  connect() {
    this.closedByUser = false;
    this._open();
    return this;
  }

  close() {
    this.closedByUser = true;
    clearTimeout(this.timer);
    if (globalThis.removeEventListener) globalThis.removeEventListener("online", this._online);
    if (this.socket) this.socket.close(1000);
    this._setState("closed");
  }

  stop(run) { this._control(run ? { op: "stop", run } : { op: "stop" }); }
  steer(text, run) { this._control(run ? { op: "steer", text, run } : { op: "steer", text }); }
  say(text) { this._control({ op: "say", text }); }

  _control(frame) {
    if (this.socket && this.socket.readyState === 1) this.socket.send(JSON.stringify(frame));
    else this.pending.push(frame);
  }

  _address() {
    const base = new URL(this.url, globalThis.location ? globalThis.location.href : undefined);
    if (base.protocol === "http:") base.protocol = "ws:";
    if (base.protocol === "https:") base.protocol = "wss:";
    base.searchParams.set("after", String(this.lastSeq));
    return base.toString();
  }

  _open() {
    clearTimeout(this.timer);
    this._setState(this.attempt ? "reconnecting" : "connecting");
    let socket;
    try {
      socket = new this.WebSocket(this._address());
    } catch (err) {
      this._schedule();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      this._setState("open");
      const frames = this.pending.splice(0);
      for (const frame of frames) socket.send(JSON.stringify(frame));
    };
    socket.onmessage = (message) => {
      this.attempt = 0;
      let frame;
      try { frame = JSON.parse(message.data); } catch { return; }
      if (frame && frame.error) { this.onError(frame.error); return; }
      if (frame && frame.type === "presence.here") { this.onPresence(frame.here || []); return; }
      for (const event of Array.isArray(frame) ? frame : [frame]) this._deliver(event);
    };
    socket.onclose = (close) => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (this.closedByUser) return;
      if (PERMANENT.has(close.code)) {
        this._setState("closed");
        this.onError({ code: String(close.code), message: close.reason || "refused" });
        return;
      }
      this._schedule();
    };
  }

  _deliver(event) {
    if (typeof event.seq !== "number" || event.seq <= this.lastSeq) return; // duplicate
    this.lastSeq = event.seq;
    this.onEvent(event);
  }

  _schedule() {
    this._setState("reconnecting");
    const ceiling = Math.min(this.maxDelay, this.minDelay * 2 ** this.attempt);
    this.attempt += 1;
    const delay = ceiling / 2 + Math.random() * (ceiling / 2); // jitter spreads reconnect storms
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this._open(), delay);
  }

  _reconnectNow() {
    if (this.closedByUser || (this.socket && this.socket.readyState <= 1)) return;
    this.attempt = 0;
    this._open();
  }

  _setState(state) {
    if (state === this.state) return;
    this.state = state;
    this.onState(state);
  }
}

// Apply one event to a {messageId: text} map: what every client does with deltas/snapshots.
export function applyEvent(texts, event) {
  const data = event.data || {};
  if (event.type === "message.snapshot") texts[data.message] = data.text;
  else if (event.type === "run.delta" && data.message) {
    texts[data.message] = (texts[data.message] || "") + (data.text || "");
  }
  return texts;
}
