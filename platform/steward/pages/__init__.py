"""The pages people use: the dashboard, hosted apps' pages and their forms, sessions.

The top layer: it may use every other package; nothing imports it but hosted apps (their
views use ``steward.pages.decorators.app_page``) and the URL map.
"""
