// Unit checks of durable-session.js with a fake WebSocket (run by test_durable_session_js.py).
import assert from "node:assert/strict";
import { DurableSession, applyEvent } from "../../platform/steward/static/steward/durable-session.js";

const sockets = [];
class FakeSocket {
  constructor(url) { this.url = url; this.readyState = 0; this.sent = []; sockets.push(this); }
  send(text) { this.sent.push(JSON.parse(text)); }
  close(code = 1000) { this.readyState = 3; this.onclose?.({ code }); }
  open() { this.readyState = 1; this.onopen?.(); }
  deliver(frame) { this.onmessage?.({ data: JSON.stringify(frame) }); }
  drop(code = 1006) { this.readyState = 3; this.onclose?.({ code }); }
}
const tick = (ms) => new Promise((r) => setTimeout(r, ms));

const seen = [];
const states = [];
const errors = [];
const session = new DurableSession("http://example.test/ws/sessions/s_1/", {
  WebSocket: FakeSocket, minDelay: 5, maxDelay: 40,
  onEvent: (e) => seen.push(e.seq), onState: (s) => states.push(s), onError: (e) => errors.push(e.code),
});
session.say("queued while connecting");
session.connect();
assert.equal(sockets[0].url, "ws://example.test/ws/sessions/s_1/?after=0");
sockets[0].open();
assert.deepEqual(sockets[0].sent, [{ op: "say", text: "queued while connecting" }]);
sockets[0].deliver({ seq: 1, type: "run.delta", data: { message: "m", text: "a" } });
sockets[0].deliver([{ seq: 1 }, { seq: 2 }, { seq: 3 }]); // duplicates are dropped
sockets[0].deliver({ error: { code: "forbidden", message: "viewer" } });
sockets[0].drop();
await tick(60);
assert.equal(sockets.length, 2, "reconnects after a drop");
assert.equal(sockets[1].url, "ws://example.test/ws/sessions/s_1/?after=3", "resumes after the last seq");
sockets[1].open();
sockets[1].deliver([{ seq: 3 }, { seq: 4 }]);
session.stop();
session.steer("shorter");
assert.deepEqual(sockets[1].sent, [{ op: "stop" }, { op: "steer", text: "shorter" }]);
sockets[1].drop(4403); // refused for good: no reconnect
await tick(60);
assert.equal(sockets.length, 2);
assert.deepEqual(seen, [1, 2, 3, 4]);
assert.deepEqual(errors, ["forbidden", "4403"]);
assert.deepEqual(states, ["connecting", "open", "reconnecting", "open", "closed"]);

// Backoff: full jitter under an exponential ceiling.
const delays = [];
const realSetTimeout = globalThis.setTimeout;
globalThis.setTimeout = (fn, ms) => { delays.push(ms); return 0; };
const backoff = new DurableSession("ws://x/", { WebSocket: FakeSocket, minDelay: 100, maxDelay: 800 });
for (let i = 0; i < 6; i++) backoff._schedule();
globalThis.setTimeout = realSetTimeout;
const ceilings = [100, 200, 400, 800, 800, 800];
delays.forEach((d, i) => assert.ok(d >= ceilings[i] / 2 && d <= ceilings[i], `delay ${i}: ${d}`));

// Snapshots set the text; deltas append.
const texts = {};
applyEvent(texts, { type: "run.delta", data: { message: "m", text: "he" } });
applyEvent(texts, { type: "message.snapshot", data: { message: "m", text: "hello", through: 9 } });
applyEvent(texts, { type: "run.delta", data: { message: "m", text: "!" } });
assert.deepEqual(texts, { m: "hello!" });
console.log("ok");
