// Read a Steward session with the official Durable Streams client and print JSON.
// usage: node tests/live/read_session.mjs <stream-url> <offset> <mode: catchup|long-poll|sse> [cookie]
// Prints {"items": [...], "offset": "<Stream-Next-Offset>", "upToDate": bool}.
import { stream } from "@durable-streams/client";

const [url, offset, mode, cookie] = process.argv.slice(2);
const headers = cookie ? { Cookie: cookie } : {};
const live = mode === "catchup" ? false : mode;

const res = await stream({ url, offset, live, headers });
let items;
if (live === false) {
  items = await res.json();
} else {
  // Live: collect batches until the writer's run ends, then stop.
  items = await new Promise((resolve, reject) => {
    const seen = [];
    const timer = setTimeout(() => reject(new Error("timed out")), 20000);
    res.subscribeJson(async (batch) => {
      seen.push(...batch.items);
      if (seen.some((e) => e.type === "run.completed")) {
        clearTimeout(timer);
        resolve(seen);
      }
    });
  });
  res.cancel?.();
}
console.log(JSON.stringify({ items, offset: res.offset, upToDate: res.upToDate }));
process.exit(0);
