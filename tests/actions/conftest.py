from tests.support.actions_api import agent, api, issue  # noqa: F401
