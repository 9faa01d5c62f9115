"""WSGI entry point: ``gunicorn steward.wsgi:application``.

In production (deploy/) gunicorn's sync workers serve the HTTP API and pages through this;
WebSockets, Durable Streams and MCP need the ASGI app (steward.asgi, under daphne), and nginx
routes them there by path.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steward.settings")

application = get_wsgi_application()
