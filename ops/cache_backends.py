"""Redis as a cache that fails open: while Redis cannot be reached, reads miss and
writes are dropped, so pages are still served (uncached) and sessions come from the
database (`cached_db`). After a failure the server is left alone for a few seconds
instead of every call waiting on it again."""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

from redis.exceptions import ConnectionError, TimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (ConnectionError, TimeoutError, OSError)


class ResilientRedisCache(RedisCache):
    pause_seconds = 5.0

    def __init__(self, server, params):
        super().__init__(server, params)
        self.down_until = 0.0

    def _safely(self, name: str, default, *args, **kwargs):
        if time.monotonic() < self.down_until:
            return default
        try:
            return getattr(super(), name)(*args, **kwargs)
        except UNREACHABLE:
            logger.warning("Redis unreachable: the cache is skipped", exc_info=True)
            self.down_until = time.monotonic() + self.pause_seconds
            return default

    def get(self, key, default=None, version=None):
        return self._safely("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._safely("get_many", {}, keys, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._safely("set", None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._safely("set_many", list(data), data, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._safely("add", False, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._safely("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._safely("delete", False, key, version)

    def delete_many(self, keys, version=None):
        return self._safely("delete_many", None, keys, version)

    def has_key(self, key, version=None):
        return self._safely("has_key", False, key, version)

    def incr(self, key, delta=1, version=None):
        found = self._safely("incr", None, key, delta, version)
        if found is None:
            raise ValueError(f"Key '{key}' not found (or the cache is unreachable)")
        return found

    def clear(self):
        return self._safely("clear", None)
