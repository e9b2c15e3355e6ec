"""Slow clients cannot starve the solver workers (service/front.py: nginx before gunicorn).

Fifty sockets send half a request line and stall, fifty more send headers and
half a body and stall, all held open; meanwhile /healthz and a real plan POST
must still answer within 2 s (the one wall-clock promise here: a liveness
bound, generous for a health check and an 8-week solve, and far below the 90 s
a stalled sync worker used to cost). Afterwards every stalled socket has been
answered 408 or closed by the front's read timeouts, never given a 500.
Loopback only; every loop is bounded.
"""

import contextlib
import json
import os
import selectors
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from api_helpers import SMALL_REQUEST

from benchmarks.harness import Running, running_service
from service.front import nginx_binary

HALF_OPEN = 50
STALLED_BODIES = 50
LIVENESS_SECONDS = 2.0
KEY = "slow-test-key"

if nginx_binary() is None:
    if os.environ.get("CI") == "true":
        raise RuntimeError("CI must test the buffering front: nginx is missing (scripts/ensure-nginx installs it)")
    pytest.skip("nginx is not installed (scripts/ensure-nginx installs it)", allow_module_level=True)


@pytest.fixture
def service(tmp_path: Path) -> Iterator[Running]:
    env = {
        "RUNLIFT_DATABASE_PATH": str(tmp_path / "runlift.sqlite3"),
        "RUNLIFT_API_KEYS": f"ann:{KEY}",
        # Short read deadlines, so the test sees the stalled sockets dealt with in seconds.
        "RUNLIFT_CLIENT_HEADER_TIMEOUT": "3",
        "RUNLIFT_CLIENT_BODY_TIMEOUT": "3",
    }
    with running_service(env, workers=2, log_dir=tmp_path, front=True) as running:
        yield running


def connect(url: str) -> socket.socket:
    host, port = url.removeprefix("http://").split(":")
    return socket.create_connection((host, int(port)), timeout=10)


def half_request_line(url: str) -> socket.socket:
    sock = connect(url)
    sock.sendall(b"GET /healthz HTT")
    return sock


def stalled_body(url: str) -> socket.socket:
    sock = connect(url)
    head = (
        "POST /v1/plans HTTP/1.1\r\nHost: runlift\r\nContent-Type: application/json\r\n"
        f"Authorization: Bearer {KEY}\r\nContent-Length: 1000\r\n\r\n"
    )
    sock.sendall(head.encode() + b'{"start_date": "2027-')
    return sock


def timed(url: str, method: str, path: str, body: bytes | None = None) -> tuple[int, float]:
    request = urllib.request.Request(f"{url}{path}", data=body, method=method)
    request.add_header("Authorization", f"Bearer {KEY}")
    if body is not None:
        request.add_header("Content-Type", "application/json")
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            answer.read()
            status = answer.status
    except urllib.error.HTTPError as error:
        status = error.code
    except OSError:
        status = 0  # no answer in 10 s: certainly not live
    return status, time.monotonic() - started


def best_of_three(url: str, method: str, path: str, body: bytes | None = None) -> tuple[int, float]:
    """The fastest of up to three tries: one slow moment of a shared machine is not a starved service."""
    tries = []
    for _ in range(3):
        status, seconds = timed(url, method, path, body)
        tries.append((status, seconds))
        if seconds < LIVENESS_SECONDS:
            break
    return min(tries, key=lambda attempt: attempt[1])


def final_answers(sockets: list[socket.socket], deadline: float) -> list[bytes]:
    """What each socket receives until it is closed (or the deadline passes: then b'<open>')."""
    received = {sock: b"" for sock in sockets}
    selector = selectors.DefaultSelector()
    for sock in sockets:
        sock.setblocking(False)
        selector.register(sock, selectors.EVENT_READ)
    open_socks = set(sockets)
    while open_socks and time.monotonic() < deadline:
        for key, _ in selector.select(timeout=0.5):
            sock = key.fileobj
            try:
                chunk = sock.recv(4096)
            except (ConnectionResetError, BlockingIOError):
                chunk = b""
            if chunk:
                received[sock] += chunk
            else:
                selector.unregister(sock)
                open_socks.discard(sock)
    selector.close()
    return [received[sock] if sock not in open_socks else b"<open>" for sock in sockets]


def test_slow_clients_do_not_starve_the_workers(service: Running) -> None:
    held = [half_request_line(service.url) for _ in range(HALF_OPEN)]
    held += [stalled_body(service.url) for _ in range(STALLED_BODIES)]
    try:
        health, health_seconds = best_of_three(service.url, "GET", "/healthz")
        plan, plan_seconds = best_of_three(service.url, "POST", "/v1/plans", json.dumps(SMALL_REQUEST).encode())
        assert (health, plan) == (200, 201)
        assert health_seconds < LIVENESS_SECONDS, f"/healthz took {health_seconds:.1f} s"
        assert plan_seconds < LIVENESS_SECONDS, f"a plan POST took {plan_seconds:.1f} s"
        answers = final_answers(held, deadline=time.monotonic() + 30)
    finally:
        for sock in held:
            sock.close()
    assert b"<open>" not in answers, "a stalled socket was still open 30 s later"
    for answer in answers:
        assert answer == b"" or answer.startswith(b"HTTP/1.1 408"), answer[:200]
    assert best_of_three(service.url, "GET", "/healthz")[0] == 200
    log = service.log.read_text()
    assert '" 500 ' not in log and "WORKER TIMEOUT" not in log


def raw_exchange(url: str, request: bytes) -> bytes:
    sock = connect(url)
    try:
        sock.sendall(request)
        answer = b""
        with contextlib.suppress(ConnectionResetError):  # nginx may reset after answering
            while chunk := sock.recv(65536):
                answer += chunk
        return answer
    finally:
        sock.close()


@pytest.mark.parametrize(
    ("request_bytes", "status", "error"),
    [
        (b"NOT HTTP AT ALL\r\n\r\n", 400, "malformed_request"),
        (b"POST /v1/plans HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\n\r\n", 413, "too_large"),
    ],
)
def test_the_front_answers_its_own_refusals_as_json(
    service: Running, request_bytes: bytes, status: int, error: str
) -> None:
    head, _, body = raw_exchange(service.url, request_bytes).partition(b"\r\n\r\n")
    assert head.startswith(f"HTTP/1.1 {status}".encode())
    assert b"Content-Type: application/json" in head and b"X-Content-Type-Options: nosniff" in head
    assert json.loads(body)["error"] == error
