// agent-cards.js's words for people, checked in node (its pure functions need no DOM).
import assert from "node:assert/strict";
import { outcome, summary, words } from "../../platform/steward/static/steward/agent-cards.js";

assert.equal(words("archive_idea"), "Archive idea");
assert.equal(summary({ title: "Kites", pitch: "", idea_id: 9, score: 8 }), "title “Kites” · idea #9 · score 8");
assert.equal(summary({}), "no arguments");
assert.equal(summary({ tasks: [{ agent: "a" }, { agent: "b" }] }), "2 tasks");

assert.deepEqual(outcome({ status: "ok", result: { status: "ok", result: { id: 1 } } }), ["ok", "Done", []]);
assert.deepEqual(outcome({ status: "replayed", result: {} }).slice(0, 1), ["replayed"]);
assert.deepEqual(outcome({ status: "pending", result: {} }).slice(0, 2), ["pending", "Waiting for approval"]);
assert.deepEqual(
  outcome({ status: "error", result: { error: { code: "invalid", message: "The arguments are invalid; see fields.", fields: { score: ["Ensure this value is less than or equal to 10."], idea_id: ["Idea #3 is archived; it cannot change."] } } } }),
  ["invalid", "Invalid", ["Score: Ensure this value is less than or equal to 10.", "Idea: Idea #3 is archived; it cannot change."]],
);
assert.deepEqual(
  outcome({ status: "error", result: { error: { code: "denied", message: "Needs the admin role." } } }),
  ["denied", "Not allowed", ["Needs the admin role."]],
);
assert.deepEqual(
  outcome({ status: "error", result: { error: { code: "rejected", message: "An admin rejected this call (not now)." } } }).slice(0, 2),
  ["denied", "Rejected by an admin"],
);
console.log("ok");
