// Drive a Steward /ds/ stream with the official @durable-streams/client and print JSON.
// usage: node tests/ds/official_client.mjs <base-url> <bearer token>
// Prints one JSON object with what each step observed; the pytest test asserts on it.
import { DurableStream, IdempotentProducer } from "@durable-streams/client";

const [base, token] = process.argv.slice(2);
const headers = { Authorization: `Bearer ${token}` };
const id = `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
const out = {};

function collect(res, until) {
  return new Promise((resolve, reject) => {
    const seen = [];
    const timer = setTimeout(() => reject(new Error(`timed out with ${JSON.stringify(seen)}`)), 20000);
    res.subscribeJson(async (batch) => {
      seen.push(...batch.items);
      if (until(seen)) {
        clearTimeout(timer);
        resolve(seen);
      }
    });
  });
}

// Create, append, read back (catch-up).
const events = await DurableStream.create({
  url: `${base}/ds/team/events-${id}`,
  headers,
  contentType: "application/json",
});
await events.append(JSON.stringify({ n: 1 }));
await events.append(JSON.stringify({ n: 2, text: "héllo" }));
const caught = await events.stream({ offset: "-1", live: false });
out.catchup = { items: await caught.json(), offset: caught.offset, upToDate: caught.upToDate };

// Live: long-poll and SSE each see an append made after they started waiting.
for (const live of ["long-poll", "sse"]) {
  const res = await events.stream({ offset: out.catchup.offset, live });
  const got = collect(res, (seen) => seen.some((e) => e.live === live));
  await new Promise((r) => setTimeout(r, 300));
  await events.append(JSON.stringify({ live }));
  out[live] = await got;
  res.cancel();
  out.catchup.offset = res.offset;
}

// An idempotent producer writes a text stream and closes it; readers see it closed.
const log = await DurableStream.create({
  url: `${base}/ds/team/log-${id}`,
  headers,
  contentType: "text/plain",
});
const producer = new IdempotentProducer(log, `writer-${id}`, { lingerMs: 5 });
for (const word of ["alpha ", "beta ", "gamma"]) producer.append(word);
await producer.flush();
const closed = await producer.close();
const final = await log.stream({ offset: "-1", live: false });
out.producer = {
  text: await final.text(),
  closedOffset: closed.finalOffset,
  offset: final.offset,
  streamClosed: final.streamClosed,
};
try {
  await log.append("late");
  out.producer.lateAppend = "accepted";
} catch (error) {
  out.producer.lateAppend = { error: error.constructor.name, status: error.status };
}

// DurableStream.close() and delete().
const note = await DurableStream.create({ url: `${base}/ds/team/note-${id}`, headers, contentType: "text/plain" });
await note.append("final words");
out.close = await note.close();
out.closedHead = await note.head();
await note.delete();
out.afterDelete = await note.head();

console.log(JSON.stringify(out));
process.exit(0);
