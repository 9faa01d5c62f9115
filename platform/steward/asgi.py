"""ASGI entry point: ``daphne steward.asgi:application``.

HTTP goes to Django (except /mcp, the MCP endpoint, and /ds/, generic Durable Streams on
Django without its middleware: see steward/ds/asgi.py); WebSockets go through Channels' routing
to the live consumers.
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steward.settings")
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter  # noqa: E402

from steward.ds.asgi import with_streams  # noqa: E402
from steward.mcp_server.endpoint import with_mcp  # noqa: E402
from steward.routing import websocket_application  # noqa: E402

application = ProtocolTypeRouter(
    {"http": with_streams(with_mcp(django_asgi_app)), "websocket": websocket_application}
)

# Runs left "running" by a crashed process end "interrupted" (see steward/agents/reaper.py).
from steward.agents.reaper import start_reaper_thread  # noqa: E402

start_reaper_thread()

from steward.gc_tuning import settle  # noqa: E402

settle()  # see gc_tuning.py: no full-collection stalls under live streams
