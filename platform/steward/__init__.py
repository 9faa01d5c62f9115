"""Steward: a self-hosted platform for internal tools that AI agents operate."""

from .celery import app as celery_app

__all__ = ["celery_app"]
