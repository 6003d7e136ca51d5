"""Checks `manage.py serve` makes before it listens.

Two ways a deployment used to fail silently:

- Two serve processes on the in-memory channel layer: each delivers live
  messages only to its own sockets, so a client on the other one gets nothing.
  The first process takes a lock that belongs to the database (a PostgreSQL
  advisory lock, or a lock file beside the SQLite file); a second process on
  the same database finds it taken and refuses. The operating system or
  PostgreSQL drops the lock when the process ends, however it ends.
- A Redis that cannot be reached: the server started and answered 500.
"""

import hashlib
import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.db import connections

# Kept for the life of the process: closing either releases the lock.
_held = []


class GuardError(Exception):
    """The server must not start; the message says why, in Dutch and English."""


def _lock_key() -> int:
    digest = hashlib.sha256(b"partnerwerk:serve:in-memory-channel-layer").digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def claim_in_memory_layer(alias: str = "default") -> None:
    """Take the one-process lock for this database, or raise GuardError."""
    connection = connections[alias]
    if connection.vendor == "postgresql":
        raw = connection.get_new_connection(connection.get_connection_params())
        raw.autocommit = True
        with raw.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [_lock_key()])
            (taken,) = cursor.fetchone()
        if not taken:
            raw.close()
            raise GuardError(_already_running())
        _held.append(raw)
        return
    name = str(connection.settings_dict["NAME"])
    if connection.vendor != "sqlite" or name == ":memory:" or "mode=memory" in name:
        return
    import fcntl

    path = Path(f"{name}.serve.lock")
    handle = open(path, "a+")  # noqa: SIM115 - held open for the life of the process
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        raise GuardError(_already_running()) from None
    handle.seek(0)
    handle.truncate()
    handle.write(f"{os.getpid()}\n")
    handle.flush()
    _held.append(handle)


def _already_running() -> str:
    return (
        "Er draait al een Partnerwerk-server op deze database zonder Redis "
        "(in-memory channel layer). Een tweede proces zou live berichten stil "
        "kwijtraken. Stop de andere server, of zet REDIS_URL voor allebei.\n"
        "Another Partnerwerk server already runs on this database without Redis "
        "(in-memory channel layer). A second process would silently lose live "
        "messages. Stop the other server, or set REDIS_URL for both."
    )


def redacted(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return urlunsplit(parts._replace(netloc=netloc))


def check_redis(url: str, timeout: float = 3.0) -> None:
    """Raise GuardError unless the Redis at `url` answers PING."""
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)
    try:
        client.ping()
    except (redis.exceptions.RedisError, OSError) as exc:
        raise GuardError(
            f"Redis op {redacted(url)} is niet bereikbaar ({type(exc).__name__}: {exc}). "
            "Start Redis of zet REDIS_URL goed; zonder Redis start de server niet.\n"
            f"Redis at {redacted(url)} is unreachable ({type(exc).__name__}: {exc}). "
            "Start Redis or correct REDIS_URL; the server does not start without it."
        ) from None
    finally:
        client.close()
