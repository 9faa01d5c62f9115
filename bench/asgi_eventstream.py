"""ASGI app of the django-eventstream peer (``daphne bench.asgi_eventstream:application``)."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings_eventstream")

from django.core.asgi import get_asgi_application

application = get_asgi_application()
