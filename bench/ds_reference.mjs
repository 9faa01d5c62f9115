// The official reference server (@durable-streams/server, in memory) for bench_ds.py.
// usage: node bench/ds_reference.mjs <port>
import { DurableStreamTestServer } from "@durable-streams/server";

const server = new DurableStreamTestServer({ port: Number(process.argv[2]), host: "127.0.0.1" });
await server.start();
console.log(`ready ${server.url}`);
