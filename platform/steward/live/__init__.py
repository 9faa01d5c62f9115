"""Durable sessions: an ordered, append-only log per session (and per app feed), and the
transports that deliver it exactly once, in order, across disconnects.

Writers call ``services.append`` / ``append_app_event`` (joins the caller's transaction;
the wake-up goes out on commit) and watch for stop/steer with ``control.ControlWatcher``.
Readers use the WebSocket consumers (``/ws/sessions/<id>/?after=<seq>``,
``/ws/apps/<app>/?after=<seq>``; close codes in routing.py), the Durable Streams HTTP
endpoints (``/streams/sessions/<id>``, ``/streams/apps/<app>``) or ``durable-session.js``.
Delivery never depends on the channel layer: each process has one hub per stream that is
woken (in-process, or by Redis) and re-reads the log's tail periodically (hub.py).
"""
