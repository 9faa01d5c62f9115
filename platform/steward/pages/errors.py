"""The page a person sees when Steward fails (500).

Django's own handler renders 500.html with no context at all; this one adds the path the
person was on, so the page can offer it again. It asks nothing of the database, the session
or the user: whatever broke the request may be broken still.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseServerError
from django.template.loader import render_to_string


def server_error(request: HttpRequest) -> HttpResponseServerError:
    return HttpResponseServerError(render_to_string("500.html", {"request_path": request.path}))
