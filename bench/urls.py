"""Bench-only URLconf: every Steward route plus the baseline (a plain DRF insert, no pipeline)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.ideaboard.models import Idea
from steward.urls import urlpatterns as steward_urlpatterns


class IdeaSerializer(serializers.ModelSerializer):
    class Meta:
        model = Idea
        fields = ["id", "title", "pitch", "score", "column", "archived"]


class BaselineAddIdea(APIView):
    """What a team would write without Steward: authenticate, validate, insert, answer."""

    def post(self, request: Request) -> Response:
        serializer = IdeaSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return Response(serializer.data)


urlpatterns: list[URLPattern | URLResolver] = [
    path("bench/baseline/add_idea/", BaselineAddIdea.as_view()),
    *steward_urlpatterns,
]
