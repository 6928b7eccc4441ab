"""Django's Redis cache backend, keeping one Redis client per connection pool.

Django's client builds a new redis.Redis on every cache call, and redis-py builds a table of several
hundred response callbacks for each one: about a tenth of a millisecond, twice for every page served
from the page cache. A client is safe to share between threads; the pool hands out connections.
"""

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
