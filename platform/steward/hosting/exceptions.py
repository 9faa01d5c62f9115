"""Errors of the hosting package."""


class HostingError(Exception):
    """Base of every hosting error."""


class UnknownApp(HostingError, LookupError):
    """No hosted app has this name."""

    def __init__(self, name: str) -> None:
        super().__init__(f"No hosted app is called {name!r}.")
        self.name = name


class InvalidAppName(HostingError, ValueError):
    """``startsite`` refuses this name; the message says why and what to pick instead."""
