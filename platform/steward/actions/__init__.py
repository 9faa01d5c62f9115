"""Safe Actions: named, validated, permissioned mutations that agents and people invoke.

Kept light on purpose: importing :func:`action` must not load models, so an app's
``actions.py`` can be imported by the registry's autodiscovery during start-up.
"""

from steward.actions.decorators import action
from steward.actions.params import Param

__all__ = ["Param", "action"]
