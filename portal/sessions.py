"""Sessions read from the cache and kept in the database, surviving a cache that is down.

Every signed-in request reads its session. Django's ``cached_db`` engine reads it from
Redis and writes it through to the database, saving the session query on every page.
Django's own engine already tolerates a failed read and a failed save, but not a failed
write after reading from the database, nor a failed delete or existence check: with
Redis down, every page and every sign-out would fail. Here the database answers instead,
as it would without a cache, and the cache's absence is logged.
"""

import logging

from django.contrib.sessions.backends import cached_db
from django.contrib.sessions.backends.db import SessionStore as DatabaseStore

logger = logging.getLogger(__name__)


class SessionStore(cached_db.SessionStore):
    def load(self):
        try:
            return super().load()
        except Exception:
            logger.warning("Sessions: the cache is unreachable", exc_info=True)
            return DatabaseStore.load(self)

    def exists(self, session_key):
        try:
            return super().exists(session_key)
        except Exception:
            logger.warning("Sessions: the cache is unreachable", exc_info=True)
            return DatabaseStore.exists(self, session_key)

    def delete(self, session_key=None):
        try:
            super().delete(session_key)
        except Exception:
            # The database row went first. As with Django's own engine, a copy left in a
            # cache that was unreachable, not emptied, can be read again once it is back,
            # until the session's expiry; failing the sign-out would not remove it either.
            logger.warning("Sessions: the cache is unreachable", exc_info=True)
