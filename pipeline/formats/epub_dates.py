"""When a published file's content was first built: the date an EPUB or a feed carries.

A date taken from the clock at every write would give the same content different bytes, so
the first build of each content key records its time in the store and every later build of
that content reuses it. ``SOURCE_DATE_EPOCH`` (the reproducible-builds convention) wins.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

from pipeline.store import Store


def first_built(store: Store, key: str) -> datetime:
    """The UTC time (to the second) content with ``key`` was first built, remembered."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC)
    found = store.get_json("first-built", key)
    if isinstance(found, dict):
        try:
            return datetime.fromisoformat(found["utc"])
        except (KeyError, TypeError, ValueError):
            pass  # damaged: record a new time below
    now = datetime.now(UTC).replace(microsecond=0)
    store.put_json("first-built", key, {"utc": now.isoformat()})
    return now
