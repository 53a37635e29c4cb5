"""KAM's REST API (``/api/v1/``): the shared parts.

Each app owns its endpoints (``<app>/api.py``: serializers and views that call the
app's own forms and services); this package has what they share — the form-backed
writes with their version check (``kam.api.views``), JSON errors, pagination, the
per-token rate limit — and the URLs that put them together (``kam.api.urls``).
"""
