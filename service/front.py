"""The buffering front: nginx before gunicorn, so slow clients cannot hold the solver workers.

gunicorn's sync workers read their own requests: a client that sends half a
request line, or half a body, and stalls keeps a worker until its timeout,
and two such clients froze a two-worker service. nginx holds thousands of such
sockets for almost nothing, gives each a read deadline (then closes it), and
passes a request to gunicorn only once it has fully arrived; it also takes the
answer at once, so a client that reads slowly holds no worker either. This is
the deployment gunicorn's documentation asks for with sync workers.

`runlift serve` runs both: gunicorn on a unix socket in a run folder of its own,
nginx on the public address, and stops both when either stops or on a signal.
"""

import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from types import FrameType

from service.settings import Settings

# Beyond gunicorn's own `timeout` (90 s): nginx must not give up on a solve gunicorn still allows.
UPSTREAM_READ_TIMEOUT = 95

# Bodies nginx answers itself, in the contract's shapes: no HTML page reaches an API client.
_JSON_ERRORS = {
    400: '{"error":"malformed_request","message":"the request line or headers are not HTTP"}',
    404: '{"error":"not_found"}',
    408: '{"error":"request_timeout","message":"the request did not arrive in time"}',
    413: '{"error":"too_large"}',
    414: '{"error":"too_large"}',
    494: '{"error":"too_large"}',
    500: '{"error":"internal"}',
    502: '{"error":"unavailable","message":"the service is starting or restarting; try again shortly"}',
    503: '{"error":"unavailable","message":"the service is overloaded; try again shortly"}',
    504: '{"error":"unavailable","message":"the service took too long to answer"}',
}


def write_error_pages(run_dir: Path) -> None:
    folder = run_dir / "errors"
    folder.mkdir(mode=0o755, exist_ok=True)
    for status, body in _JSON_ERRORS.items():
        (folder / f"{status}.json").write_text(body + "\n")


def nginx_binary() -> str | None:
    """nginx on PATH or where Debian puts it (/usr/sbin is not on every user's PATH)."""
    return shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin:/usr/local/nginx/sbin")


def nginx_config(listen: str, upstream_socket: Path, run_dir: Path, settings: Settings) -> str:
    """The config for one front; the JSON error bodies go in `run_dir`/errors (write_error_pages)."""
    timeouts = settings.front
    error_pages = "\n".join(f"        error_page {status} /_errors/{status}.json;" for status in _JSON_ERRORS)
    return f"""# Written by service/front.py for one `runlift serve`; not edited by hand.
daemon off;
worker_processes 1;
pid {run_dir}/nginx.pid;
error_log stderr warn;

events {{
    # Each slow socket costs nginx a few kilobytes, not a worker.
    worker_connections 4096;
}}

http {{
    access_log off;  # gunicorn logs every request it answers
    server_tokens off;
    client_body_temp_path {run_dir}/client_body;
    proxy_temp_path {run_dir}/proxy;
    fastcgi_temp_path {run_dir}/fastcgi;
    uwsgi_temp_path {run_dir}/uwsgi;
    scgi_temp_path {run_dir}/scgi;

    # The read deadlines a client gets: the whole request line and headers, then
    # each read of the body, then each write of the answer. Past one, nginx closes.
    client_header_timeout {timeouts.client_header}s;
    client_body_timeout {timeouts.client_body}s;
    send_timeout {timeouts.send}s;
    keepalive_timeout 5s;
    reset_timedout_connection on;

    # Chunked or not, a body over the limit is refused here, and a whole body fits in memory.
    client_max_body_size {settings.max_content_length};
    client_body_buffer_size {settings.max_content_length};
    large_client_header_buffers 4 8k;

    upstream runlift {{
        server unix:{upstream_socket};
    }}

    server {{
        listen {listen};

        location / {{
            proxy_pass http://runlift;
            proxy_request_buffering on;  # the whole body first, then a worker
            proxy_buffering on;  # the whole answer at once, then the worker is free
            # 1 MiB of answer in memory (a 24-week plan is far less); never spill to disk.
            proxy_buffers 64 16k;
            proxy_max_temp_file_size 0;
            proxy_connect_timeout 5s;
            proxy_read_timeout {UPSTREAM_READ_TIMEOUT}s;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_intercept_errors off;  # the app's own errors are JSON already
        }}

        # Static files, not `return`: nginx cannot run a location for a request it could not parse.
{error_pages}
        location ^~ /_errors/ {{
            internal;
            root {run_dir};
            rewrite ^/_errors/(.*)$ /errors/$1 break;
            default_type application/json;
            etag off;
            add_header X-Content-Type-Options nosniff always;
            add_header Cache-Control no-store always;
        }}
    }}
}}
"""


class Supervisor:
    """gunicorn and nginx as one service: started together, stopped together."""

    def __init__(self, gunicorn: Sequence[str], listen: str, settings: Settings, nginx: str) -> None:
        self.run_dir = Path(tempfile.mkdtemp(prefix="runlift-front-"))
        # nginx's workers may run as another user (when started as root): they must reach the socket.
        self.run_dir.chmod(0o755)
        self.socket = self.run_dir / "gunicorn.sock"
        self.config = self.run_dir / "nginx.conf"
        self.config.write_text(nginx_config(listen, self.socket, self.run_dir, settings))
        write_error_pages(self.run_dir)
        self.gunicorn_command = [*gunicorn, "--bind", f"unix:{self.socket}"]
        self.nginx_command = [nginx, "-c", str(self.config), "-p", str(self.run_dir)]
        self.processes: list[subprocess.Popen[bytes]] = []
        self.stopping = False

    def run(self) -> int:
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(sig, self._on_signal)
        try:
            gunicorn = subprocess.Popen(self.gunicorn_command)
            self.processes.append(gunicorn)
            # Migrations run in gunicorn's master before it binds: wait for the socket, not a fixed time.
            while not self.socket.exists():
                if gunicorn.poll() is not None or self.stopping:
                    return gunicorn.wait()
                time.sleep(0.05)
            self.processes.append(subprocess.Popen(self.nginx_command))
            return self._wait()
        finally:
            self._stop_all()
            shutil.rmtree(self.run_dir, ignore_errors=True)

    def _wait(self) -> int:
        while True:
            for process in self.processes:
                code = process.poll()
                if code is not None:
                    if not self.stopping:
                        name = "gunicorn" if process is self.processes[0] else "nginx"
                        print(f"runlift: {name} stopped (exit {code}); stopping the service", file=sys.stderr)
                    return code
            time.sleep(0.2)

    def _on_signal(self, signum: int, _frame: FrameType | None) -> None:
        self.stopping = True
        self._stop_all()

    def _stop_all(self) -> None:
        # nginx first (QUIT: finish what it is sending), then gunicorn (TERM: its graceful stop).
        for index, process in reversed(list(enumerate(self.processes))):
            if process.poll() is None:
                process.send_signal(signal.SIGQUIT if index == 1 else signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=70)  # gunicorn's graceful_timeout is 60 s
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
