"""gunicorn settings for runlift: `gunicorn -c gunicorn.conf.py 'service.app:create_app()'`.

Environment: RUNLIFT_BIND (default 127.0.0.1:8000), RUNLIFT_WORKERS (default:
one per core), RUNLIFT_API_KEYS (none: the service is open and stays on loopback).
"""

import ipaddress
import os

from gunicorn.arbiter import Arbiter

# A solve is CPU-bound and CP-SAT runs one search thread per solve, so one sync
# worker per core keeps every core busy without making solves fight for them
# (the usual 2 x cores + 1 is for workers that wait on I/O).
_CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
workers = int(os.environ.get("RUNLIFT_WORKERS", _CORES))
worker_class = "sync"

# Past `timeout` a busy worker is killed. The longest request is a re-plan: its
# solve stops at time_limit_seconds (30 s at most), then up to 21 one-second
# checks explain the changed days (solver/replan.py), an infeasible answer costs
# a 2 s explanation (solver/explain.py), and model building, the store and the
# response come on top: about 55 s at worst, so 90 s leaves room on a busy machine.
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

# gunicorn 25+ opens a control socket at one path per user ($HOME/.gunicorn/gunicorn.ctl):
# two instances (tests, benchmarks, a second service) would fight over it, and we do not use it.
control_socket_disable = True

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("RUNLIFT_LOG_LEVEL", "info")
proc_name = "runlift"


def _loopback_only(address: str) -> tuple[str, bool]:
    """The bind address to use without API keys: loopback, whatever was asked."""
    host, _, port = address.rpartition(":")
    host = host.strip("[]")
    try:
        if host == "localhost" or ipaddress.ip_address(host).is_loopback:
            return address, False
    except ValueError:
        pass  # a host name or unix socket: not provably loopback
    return f"127.0.0.1:{port or 8000}", True


_asked = os.environ.get("RUNLIFT_BIND", "127.0.0.1:8000")
_open = not any(key.strip() for key in os.environ.get("RUNLIFT_API_KEYS", "").split(","))
if _open:
    _address, _moved = _loopback_only(_asked)
else:
    _address, _moved = _asked, False
bind = [_address]


def when_ready(server: Arbiter) -> None:
    if _moved:
        server.log.warning("no API keys configured: refusing to listen on %s, listening on %s only", _asked, _address)
    if _open:
        server.log.warning(
            "runlift is running open (no RUNLIFT_API_KEYS): anyone on this machine can use it; "
            "it listens on loopback only"
        )
    else:
        server.log.info("runlift requires an API key (Authorization: Bearer ...)")
