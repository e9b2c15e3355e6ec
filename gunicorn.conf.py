"""gunicorn settings for runlift: `gunicorn -c gunicorn.conf.py 'service.app:create_app()'`.

Environment: RUNLIFT_BIND (default 127.0.0.1:8000), RUNLIFT_WORKERS (default:
one per core), RUNLIFT_API_KEYS (none: the service is open and stays on loopback,
whatever bind was asked for), RUNLIFT_LOG_LEVEL (default info), RUNLIFT_SECRET_KEY
(signs the web pages' sessions; default: a new one each start).
"""

import ipaddress
import os
import secrets

from gunicorn.arbiter import Arbiter
from gunicorn.util import parse_address

# A solve is CPU-bound and CP-SAT runs one search thread per solve, so one sync
# worker per core keeps every core busy without making solves fight for them
# (the usual 2 x cores + 1 is for workers that wait on I/O).
_CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
workers = int(os.environ.get("RUNLIFT_WORKERS", _CORES))
worker_class = "sync"

# Past `timeout` a busy worker is killed. The longest request is a re-plan: its
# solve stops at time_limit_seconds (30 s at most), then up to 14 small proofs
# explain the changed days (solver/replan.py, each bounded in deterministic
# time, well under a second), or an infeasible answer's explanation runs a
# handful of such proofs (solver/explain.py); model building, the store and the
# response come on top: well under 50 s at worst, so 90 s leaves room on a busy machine.
timeout = 90
# A graceful stop (SIGTERM, or max_requests) lets a request already inside the longest solve finish.
graceful_timeout = 60
keepalive = 5

# Recycle workers now and then, so no slow leak lives forever; the jitter keeps
# them from all restarting at the same moment.
max_requests = 1000
max_requests_jitter = 100

# No preload: each worker opens its own database connections after the fork
# (an SQLite connection must not cross a fork).
preload_app = False

# The web pages' sessions (sign-in, CSRF tokens) are signed with RUNLIFT_SECRET_KEY. Without one, this
# server run makes one here, before the workers fork, so that every worker accepts the others' cookies;
# sessions and calendar subscribe URLs then last until the server restarts.
os.environ.setdefault("RUNLIFT_SECRET_KEY", secrets.token_urlsafe(32))

# gunicorn 25+ opens a control socket at one path per user ($HOME/.gunicorn/gunicorn.ctl):
# two instances (tests, benchmarks, a second service) would fight over it, and we do not use it.
control_socket_disable = True

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("RUNLIFT_LOG_LEVEL", "info")
proc_name = "runlift"


# RUNLIFT_BIND here, or --bind on the command line; on_starting keeps an open service on loopback.
bind = [os.environ.get("RUNLIFT_BIND", "127.0.0.1:8000")]


def on_starting(server: Arbiter) -> None:
    """Without API keys, listen on loopback only, whatever --bind or RUNLIFT_BIND asked for.

    A hook rather than the `bind` setting above: gunicorn's command line
    (`runlift serve --bind ...`) overrides settings, and this runs after it,
    just before the sockets are opened.
    """
    if _has_keys():
        server.log.info("runlift requires an API key (Authorization: Bearer ...)")
        return
    asked = list(server.cfg.bind)
    safe = [_loopback_only(address) for address in asked]
    if safe != asked:
        server.cfg.set("bind", safe)
        server.log.warning("no API keys configured: refusing to listen on %s; listening on %s only", asked, safe)
    server.log.warning(
        "runlift is running open (no RUNLIFT_API_KEYS): anyone on this machine can use it; it listens on loopback only"
    )


def _has_keys() -> bool:
    return any(key.strip() for key in os.environ.get("RUNLIFT_API_KEYS", "").split(","))


def _loopback_only(address: str) -> str:
    parsed = parse_address(address)
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
