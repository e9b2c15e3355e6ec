"""gunicorn settings for runlift: `gunicorn -c gunicorn.conf.py 'service.app:create_app()'`.

`runlift serve` (and `./dev serve`) runs this behind nginx, the buffering
front of service/front.py; see "Slow clients" below. Configuration is read by
service/settings.py, the same parser the app uses, so both agree on the keys,
the database and the limits; a malformed value stops start-up here, in one
line. Environment: RUNLIFT_BIND (default 127.0.0.1:8000), RUNLIFT_WORKERS
(default: one per core), RUNLIFT_LOG_LEVEL (default info), and those of
service/settings.py (RUNLIFT_API_KEYS: none means the service is open and
stays on loopback, whatever bind was asked for).
RUNLIFT_SECRET_KEY signs the web pages' sessions (default: a new one each start).
"""

import os
import secrets
import sys

from gunicorn.arbiter import Arbiter
from sqlalchemy.exc import SQLAlchemyError

from service import migrations
from service.settings import ConfigError, load, loopback_only

try:
    SETTINGS = load(os.environ)
except ConfigError as error:
    sys.exit(f"runlift: {error}")  # SystemExit: gunicorn prints the line and stops, no traceback

# A solve is CPU-bound and CP-SAT runs one search thread per solve, so one sync
# worker per core keeps every core busy without making solves fight for them
# (the usual 2 x cores + 1 is for workers that wait on I/O).
_CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
workers = SETTINGS.workers or _CORES

# Slow clients: a sync worker reads its request itself, so a client that sends
# half a request line (or half a body) and stalls holds that worker until
# `timeout`; a few such sockets would freeze the service. gunicorn's own answer
# is the one we take: sync workers behind a buffering proxy. nginx
# (service/front.py, started by `runlift serve`) holds any number of slow
# sockets cheaply, with its own read timeouts, and hands a worker only a request
# that has fully arrived; it also takes the answer at once, so a slow reader
# holds no worker either. Threaded or async workers would not do: the work is a
# CPU-bound solve, so more concurrent requests per worker would only make solves
# fight for the cores. Run without the front only on loopback, for tests.
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
# Behind the front, the peer is nginx on a unix socket: log the client it names too.
access_log_format = '%(h)s %({x-forwarded-for}i)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
errorlog = "-"
loglevel = os.environ.get("RUNLIFT_LOG_LEVEL", "info")
proc_name = "runlift"


# RUNLIFT_BIND here, or --bind on the command line; on_starting keeps an open service on loopback.
bind = [os.environ.get("RUNLIFT_BIND", "127.0.0.1:8000")]


def on_starting(server: Arbiter) -> None:
    """Before any worker exists: bring the database schema up to date, then settle the binds.

    Migrations run here, once, in the master: workers forked afterwards find the
    schema ready and only check it. The bind rule is a hook rather than the
    `bind` setting above: gunicorn's command line (`runlift serve --bind ...`)
    overrides settings, and this runs after it, just before the sockets are opened.
    """
    try:
        revision = migrations.upgrade(SETTINGS.database_url)
    except SQLAlchemyError as error:
        sys.exit(f"runlift: cannot bring the database schema up to date: {str(error).splitlines()[0]}")
    server.log.info("database schema at revision %s", revision)
    if not SETTINGS.open:
        server.log.info("runlift requires an API key (Authorization: Bearer ...)")
        return
    asked = list(server.cfg.bind)
    safe = [loopback_only(address) for address in asked]
    if safe != asked:
        server.cfg.set("bind", safe)
        server.log.warning("no API keys configured: refusing to listen on %s; listening on %s only", asked, safe)
    server.log.warning(
        "runlift is running open (no RUNLIFT_API_KEYS): anyone on this machine can use it; it listens on loopback only"
    )
