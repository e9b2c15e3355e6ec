"""A chunked body has no Content-Length to refuse up front: past 1 MiB it is still 413, never cut short.

werkzeug stops reading a chunked stream at MAX_CONTENT_LENGTH; the service
used to parse what it got and answer 400 "Unterminated string".
"""

import http.client
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from api_helpers import SMALL_REQUEST
from flask.testing import FlaskClient

from benchmarks.harness import running_service

ONE_MIB = 1024 * 1024


def padded(size: int) -> bytes:
    body = json.dumps({**SMALL_REQUEST, "pad": ""}).encode()
    return body.replace(b'"pad": ""', b'"pad": "' + b"x" * (size - len(body)) + b'"')


def post_chunked(client: FlaskClient, body: bytes) -> object:
    # What gunicorn hands over for Transfer-Encoding: chunked: a stream it ends itself, no length.
    return client.post(
        "/v1/plans",
        input_stream=io.BytesIO(body),
        content_type="application/json",
        headers={"Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True},
    )


@pytest.mark.parametrize("size", [ONE_MIB + 1, ONE_MIB + 100, 3 * ONE_MIB])
def test_a_chunked_body_past_the_limit_is_413(client: FlaskClient, size: int) -> None:
    answer = post_chunked(client, padded(size))
    assert (answer.status_code, answer.get_json()) == (413, {"error": "too_large"})


def test_a_chunked_body_within_the_limit_is_read_whole(client: FlaskClient) -> None:
    answer = post_chunked(client, padded(ONE_MIB))
    assert answer.status_code == 422  # read whole: only the unknown "pad" field is refused
    assert [detail["loc"] for detail in answer.get_json()["details"]] == [["pad"]]


def chunks(body: bytes, size: int = 64 * 1024) -> Iterator[bytes]:
    for start in range(0, len(body), size):
        yield body[start : start + size]


def test_a_chunked_body_past_the_limit_is_413_through_gunicorn(tmp_path: Path) -> None:
    env = {"RUNLIFT_DATABASE_PATH": str(tmp_path / "runlift.sqlite3"), "RUNLIFT_API_KEYS": ""}
    with running_service(env, log_dir=tmp_path) as service:
        host, port = service.url.removeprefix("http://").split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=60)
        try:
            connection.request(
                "POST",
                "/v1/plans",
                body=chunks(padded(ONE_MIB + 4096)),
                headers={"Content-Type": "application/json"},
                encode_chunked=True,
            )
            answer = connection.getresponse()
            status, body = answer.status, answer.read()
        except (ConnectionError, http.client.HTTPException):
            pytest.fail("the service closed the connection instead of answering 413")
        finally:
            connection.close()
    assert (status, json.loads(body)) == (413, {"error": "too_large"})
