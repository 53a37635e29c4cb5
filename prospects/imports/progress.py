"""How far a background import has got, for the progress bar.

The rows are written inside one transaction, so the batch's own row cannot show
its progress until the end. The worker keeps it where the web processes read it:
the shared cache where there is one (Redis, KAM_CACHE_URL), else a small file
under var/ (one machine: `make run`'s worker and web share it).
"""

import json
import logging

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)


def _key(batch_id):
    return f"kam:import-progress:{batch_id}"


def _path(batch_id):
    return settings.VAR_DIR / "import-progress" / f"{int(batch_id)}.json"


def report(batch_id, done, total):
    value = {"done": done, "total": total}
    try:
        if settings.KAM_CACHE_URL:
            cache.set(_key(batch_id), value, 3600)
        else:
            path = _path(batch_id)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(value))
    except Exception:  # a progress bar that stands still never fails the import
        logger.warning("Import %s: progress not kept", batch_id, exc_info=True)


def read(batch_id):
    """{"done": n, "total": n}, or None before the first report."""
    try:
        if settings.KAM_CACHE_URL:
            return cache.get(_key(batch_id))
        path = _path(batch_id)
        return json.loads(path.read_text()) if path.exists() else None
    except Exception:
        logger.warning("Import %s: progress not read", batch_id, exc_info=True)
        return None
