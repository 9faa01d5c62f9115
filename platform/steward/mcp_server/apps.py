from django.apps import AppConfig


class McpServerConfig(AppConfig):
    name = "steward.mcp_server"
    label = "mcp_server"
