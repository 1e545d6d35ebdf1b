"""The Redis cache, answering as an empty cache while Redis is unreachable.

Everything the portal keeps in the cache can be worked out again: sessions (also kept
in the database), the milestone pop-up memory, and the sign-in rate limits, which
allauth keeps in the cache and whose failed reads would otherwise fail every sign-in
with a server error. So while Redis is down, or too slow to answer in time, the cache
behaves like Django's dummy cache: reads miss, writes are dropped, ``add`` succeeds
(as it would on an empty cache) and ``incr`` finds no key. Each failure is logged.
Sign-in rate limits are not enforced meanwhile: passwords, and the second factor
where it is required, still are.

Errors other than a lost connection (a wrong type, a bad command) are still raised:
they are bugs, not outages.
"""

import functools
import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)


def _as_empty_cache(answer_when_down):
    """Run the cache method; if Redis cannot be reached, log and give an empty cache's
    answer (``answer_when_down`` is called with the method's arguments)."""

    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except UNREACHABLE:
                logger.warning("Cache: Redis is unreachable, answering as if empty", exc_info=True)
                return answer_when_down(*args, **kwargs)

        return wrapper

    return decorate


def _key_not_found(key, *args, **kwargs):
    raise ValueError(f"Key '{key}' not found")


def _default(key, default=None, *args, **kwargs):
    return default


class ResilientRedisCache(RedisCache):
    get = _as_empty_cache(_default)(RedisCache.get)
    get_many = _as_empty_cache(lambda *args, **kwargs: {})(RedisCache.get_many)
    has_key = _as_empty_cache(lambda *args, **kwargs: False)(RedisCache.has_key)
    add = _as_empty_cache(lambda *args, **kwargs: True)(RedisCache.add)
    set = _as_empty_cache(lambda *args, **kwargs: None)(RedisCache.set)
    set_many = _as_empty_cache(lambda *args, **kwargs: [])(RedisCache.set_many)
    touch = _as_empty_cache(lambda *args, **kwargs: False)(RedisCache.touch)
    delete = _as_empty_cache(lambda *args, **kwargs: False)(RedisCache.delete)
    delete_many = _as_empty_cache(lambda *args, **kwargs: None)(RedisCache.delete_many)
    incr = _as_empty_cache(_key_not_found)(RedisCache.incr)
    clear = _as_empty_cache(lambda *args, **kwargs: False)(RedisCache.clear)
