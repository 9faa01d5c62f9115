"""Generic Durable Streams: client-created byte streams at ``/ds/<path>``.

The Durable Streams Protocol (durable-streams/durable-streams, PROTOCOL.md) in full, for
any content type: create (PUT), append (POST, idempotent producers, closure), read
(catch-up, long-poll, SSE), HEAD, DELETE, TTL expiry. Sessions and app feeds keep their
typed JSON endpoints in ``steward.live``; this package reuses only its offsets' cursor,
its database threads and its Redis wire helpers.
"""
