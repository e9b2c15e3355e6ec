"""The service's configuration, read in one place by gunicorn.conf.py, the app and `runlift serve`.

Every value comes from a `RUNLIFT_*` environment variable as plain text (never
parsed as JSON: `null` or `[]` must not quietly become "no keys"), or from a
mapping of the same names without the prefix (tests, `create_app(config)`). A
value that does not parse stops start-up with one line saying which variable
and why: a service that guesses at its own keys or limits is worse than one
that does not start.
"""

import hashlib
import ipaddress
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gunicorn.util import parse_address

# The instance folder beside the packages, where Flask would put it: the default SQLite file lives there.
INSTANCE = Path(__file__).resolve().parent.parent / "instance"

# An owner name is short and never 64 hex digits, so it cannot collide with the hash a bare key owns by.
_OWNER = re.compile(r"[A-Za-z0-9_.-]{1,32}")
# RFC 6750's token68, the characters a bearer token may hold (no comma, colon or space: our separators).
_SECRET = re.compile(r"[A-Za-z0-9._~+/=-]+")
# Words a JSON-minded operator writes to mean "nothing": as a key they are a mistake, not a secret.
_NOT_KEYS = {"null", "none", "true", "false", "undefined"}


# Every name `load` reads (with the RUNLIFT_ prefix in the environment).
NAMES = (
    "API_KEYS",
    "WORKERS",
    "DATABASE_URL",
    "DATABASE_PATH",
    "MAX_CONTENT_LENGTH",
    "MAX_PLANS_PER_OWNER",
    "MAX_VERSIONS_PER_PLAN",
    "REQUESTS_PER_MINUTE",
    "CLIENT_HEADER_TIMEOUT",
    "CLIENT_BODY_TIMEOUT",
    "SEND_TIMEOUT",
    "SECRET_KEY",
)


class ConfigError(ValueError):
    """A configuration value that does not parse; the message is one line naming the variable."""


@dataclass(frozen=True)
class ApiKey:
    owner: str  # what plans are stored under: the owner's name, or the key's hash for a bare key
    secret: str = field(repr=False)


@dataclass(frozen=True)
class Limits:
    """Quotas and rates per owner. 0 turns one off. They apply to key owners (an open service has one user)."""

    plans_per_owner: int = 1000  # stored plans; deleting one frees its place
    versions_per_plan: int = 500  # re-plans of one plan (a 24-week cycle re-planned daily needs 168)
    requests_per_minute: int = 120  # /v1 requests of one owner, all instances together


@dataclass(frozen=True)
class FrontTimeouts:
    """What the buffering front (nginx) allows a client, in seconds; see service/front.py."""

    client_header: int = 10  # to send the whole request line and headers
    client_body: int = 10  # between two reads of the body
    send: int = 30  # between two writes of the answer to a client that reads slowly


@dataclass(frozen=True)
class Settings:
    api_keys: tuple[ApiKey, ...] = ()
    workers: int = 0  # gunicorn workers; 0: one per core (gunicorn.conf.py)
    database_url: str = ""  # resolved: a SQLite URL when only a path (or nothing) was given
    max_content_length: int = 1024 * 1024
    limits: Limits = Limits()
    front: FrontTimeouts = FrontTimeouts()
    # Signs the web pages' sessions and calendar subscribe URLs; None: a new one each start.
    secret_key: str | None = field(default=None, repr=False)

    @property
    def open(self) -> bool:
        return not self.api_keys


def load(values: Mapping[str, Any], *, prefix: str = "RUNLIFT_") -> Settings:
    """Settings from `values` (os.environ with the prefix, or a plain mapping with prefix='')."""

    def get(name: str) -> Any:
        assert name in NAMES, name  # a new setting is listed in NAMES, so create_app passes it through
        value = values.get(prefix + name)
        return None if value is None or (isinstance(value, str) and not value.strip()) else value

    return Settings(
        api_keys=parse_api_keys(get("API_KEYS"), f"{prefix}API_KEYS"),
        workers=_int(get("WORKERS"), f"{prefix}WORKERS", 0, low=1),
        database_url=database_url(get("DATABASE_URL"), get("DATABASE_PATH"), prefix),
        max_content_length=_int(get("MAX_CONTENT_LENGTH"), f"{prefix}MAX_CONTENT_LENGTH", 1024 * 1024, low=1),
        limits=Limits(
            plans_per_owner=_int(get("MAX_PLANS_PER_OWNER"), f"{prefix}MAX_PLANS_PER_OWNER", 1000),
            versions_per_plan=_int(get("MAX_VERSIONS_PER_PLAN"), f"{prefix}MAX_VERSIONS_PER_PLAN", 500),
            requests_per_minute=_int(get("REQUESTS_PER_MINUTE"), f"{prefix}REQUESTS_PER_MINUTE", 120),
        ),
        front=FrontTimeouts(
            client_header=_int(get("CLIENT_HEADER_TIMEOUT"), f"{prefix}CLIENT_HEADER_TIMEOUT", 10, low=1),
            client_body=_int(get("CLIENT_BODY_TIMEOUT"), f"{prefix}CLIENT_BODY_TIMEOUT", 10, low=1),
            send=_int(get("SEND_TIMEOUT"), f"{prefix}SEND_TIMEOUT", 30, low=1),
        ),
        secret_key=secret_key(get("SECRET_KEY"), f"{prefix}SECRET_KEY"),
    )


SECRET_KEY_LENGTH = 16


def secret_key(value: Any, name: str) -> str | None:
    """A key to sign sessions with: 16 or more characters of a token (what `secrets.token_urlsafe` gives)."""
    if value is None:
        return None
    text = str(value).strip()
    if len(text) < SECRET_KEY_LENGTH or not _SECRET.fullmatch(text):
        raise ConfigError(f"{name}: give {SECRET_KEY_LENGTH} or more letters, digits or ._~+/=- (no spaces)")
    return text


def parse_api_keys(value: Any, name: str = "RUNLIFT_API_KEYS") -> tuple[ApiKey, ...]:
    """`owner:secret` pairs or bare keys, comma-separated (or a list of them); nothing at all means none.

    An owner may hold several keys (`ann:old,ann:new`), so a key can be rotated
    without losing the plans. A bare key is its own owner, stored as its hash,
    as plans made before owners existed are.
    """
    if value is None:
        return ()
    if isinstance(value, list | tuple):
        items = list(value)
    elif isinstance(value, str):
        items = value.split(",")
    else:
        raise ConfigError(f"{name}: expected comma-separated keys, got {type(value).__name__} {value!r}")
    keys: list[ApiKey] = []
    for item in items:
        if not isinstance(item, str):
            raise ConfigError(f"{name}: expected keys as text, got {type(item).__name__} {item!r}")
        item = item.strip()
        if item:
            keys.append(_parse_key(item, name))
    if not keys:
        raise ConfigError(f"{name}: {value!r} holds no key (leave it unset or empty to run open on loopback)")
    secrets = [key.secret for key in keys]
    if len(set(secrets)) != len(secrets):
        raise ConfigError(f"{name}: a secret appears twice")
    return tuple(keys)


def _parse_key(item: str, name: str) -> ApiKey:
    owner, colon, secret = item.rpartition(":")
    if not colon:
        secret = item
    elif not _OWNER.fullmatch(owner):
        raise ConfigError(f"{name}: owner {owner!r} must be 1-32 letters, digits, '_', '.' or '-'")
    if secret.lower() in _NOT_KEYS or not _SECRET.fullmatch(secret):
        shown = f"{owner}:..." if colon else "a key"
        raise ConfigError(
            f"{name}: {shown} is not a usable secret (letters, digits and ._~+/=- only; not null/true/false)"
        )
    return ApiKey(owner=owner if colon else bare_key_owner(secret), secret=secret)


def bare_key_owner(secret: str) -> str:
    """The owner a bare key's plans are stored under: its SHA-256, so the key itself is never stored."""
    return hashlib.sha256(secret.encode()).hexdigest()


def database_url(url: Any, path: Any, prefix: str = "RUNLIFT_") -> str:
    if url is not None:
        url = str(url).strip()
        if not url.startswith(("sqlite:///", "postgresql://", "postgresql+psycopg://", "postgres://")):
            raise ConfigError(f"{prefix}DATABASE_URL: expected sqlite:///PATH or postgresql://..., got {url[:40]!r}")
        return url
    return f"sqlite:///{Path(str(path)) if path is not None else INSTANCE / 'runlift.sqlite3'}"


def _int(value: Any, name: str, default: int, low: int = 0) -> int:
    if value is None:
        return default
    text = str(value).strip()
    if isinstance(value, bool) or not re.fullmatch(r"\d{1,12}", text) or int(text) < low:
        raise ConfigError(f"{name}: expected a whole number of at least {low}, got {text[:40]!r}")
    return int(text)


def loopback_only(address: str) -> str:
    """`address` if it is loopback (or a unix socket), else the same port on 127.0.0.1.

    An open service (no keys) must not be reachable from the network, whatever bind was asked for.
    """
    parsed = parse_address(address)  # gunicorn's reading: a bare host gets port 8000
    if not isinstance(parsed, tuple):
        return address  # a unix socket or an inherited fd: not reachable from the network by us
    host, port = parsed
    return address if _is_loopback(host) else f"127.0.0.1:{port}"


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: not provably loopback
