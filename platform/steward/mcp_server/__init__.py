"""The MCP endpoint at /mcp: the token's Safe Actions as tools, skills as resources.

Named mcp_server so it never shadows the ``mcp`` SDK package it is built on.
"""
