"""Prometheus metrics: definitions every layer records into, and their exposition.

The bottom layer, so actions, live and agents can record without importing upwards. The
``/metrics`` view (steward.pages.metrics) renders them; README "Metrics" says how to scrape.
"""
