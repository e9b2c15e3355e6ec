"""Run the real service (gunicorn + gunicorn.conf.py) in the background, on a free loopback port.

For the load benchmark and the end-to-end tests: they talk to it over real
HTTP, exactly as a client would, and stop it when done. It lives here, not in
`service`, because it drives the service from outside: the service itself never
needs it, and layers only look down (models <- solver <- service <- benchmarks, tests).
"""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
APP = "service.app:create_app()"


@dataclass
class Running:
    url: str  # http://127.0.0.1:PORT
    process: subprocess.Popen[bytes]
    log: Path

    def worker_pids(self) -> list[int]:
        """The gunicorn workers: the master's children."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def wait_for_workers(self, count: int, timeout: float = 30) -> list[int]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pids = self.worker_pids()
            if len(pids) >= count and _answers(self.url):
                return pids
            time.sleep(0.05)
        raise TimeoutError(f"gunicorn did not get {count} workers up in {timeout} s:\n{self.log.read_text()}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_service(
    env: Mapping[str, str],
    workers: int = 1,
    log_dir: Path | None = None,
    port: int | None = None,
    extra_args: Sequence[str] = (),
) -> Iterator[Running]:
    """gunicorn with `env` added (RUNLIFT_DATABASE_PATH, RUNLIFT_API_KEYS, ...), up and answering.

    It listens on 127.0.0.1:`port` (a free one by default); `env` or `extra_args`
    may ask for another bind, to test that an open service stays on loopback.
    """
    port = port or free_port()
    log = (log_dir or Path(os.environ.get("TMPDIR", "/tmp"))) / f"runlift-gunicorn-{port}.log"
    full_env = {
        **os.environ,
        "RUNLIFT_BIND": f"127.0.0.1:{port}",
        "RUNLIFT_WORKERS": str(workers),
        "PYTHONPATH": str(REPO),
        **env,
    }
    command = [sys.executable, "-m", "gunicorn", "-c", str(REPO / "gunicorn.conf.py"), *extra_args, APP]
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=REPO, env=full_env, stdout=out, stderr=subprocess.STDOUT)
    running = Running(f"http://127.0.0.1:{port}", process, log)
    try:
        _wait_until_up(running)
        yield running
    finally:
        stop(process)


def stop(process: subprocess.Popen[bytes], timeout: float = 30) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_up(running: Running, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if running.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {running.process.returncode}:\n{running.log.read_text()}")
        if _answers(running.url):
            return
        time.sleep(0.1)
    raise TimeoutError(f"gunicorn did not answer in {timeout} s:\n{running.log.read_text()}")


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
            return response.status == 200
    except (OSError, urllib.error.URLError):
        return False
