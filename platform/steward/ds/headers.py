"""Response headers every generic-stream response carries: CORS and browser security.

PROTOCOL.md 10.7 asks for ``nosniff`` and a Cross-Origin-Resource-Policy on every
response; CORS lets browser clients on other origins use streams with their tokens (no
cookies are involved, so ``*`` is safe).
"""

from __future__ import annotations

from django.http import HttpResponseBase

REQUEST_HEADERS = (
    "content-type, authorization, if-none-match, Stream-Seq, Stream-TTL, Stream-Expires-At, "
    "Stream-Closed, Producer-Id, Producer-Epoch, Producer-Seq, Stream-Forked-From, "
    "Stream-Fork-Offset, Stream-Fork-Sub-Offset"
)
EXPOSED_HEADERS = (
    "Stream-Next-Offset, Stream-Cursor, Stream-Up-To-Date, Stream-Closed, Stream-TTL, "
    "Stream-Expires-At, Stream-SSE-Data-Encoding, Producer-Epoch, Producer-Seq, "
    "Producer-Expected-Seq, Producer-Received-Seq, ETag, Location, Content-Type"
)
COMMON = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, POST, PUT, DELETE, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": REQUEST_HEADERS,
    "Access-Control-Expose-Headers": EXPOSED_HEADERS,
    "Access-Control-Max-Age": "86400",
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Resource-Policy": "cross-origin",
}


def finish(response: HttpResponseBase) -> HttpResponseBase:
    for name, value in COMMON.items():
        response[name] = value
    return response
