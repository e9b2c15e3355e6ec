"""One parser for the configuration (service/settings.py): gunicorn.conf.py and the app read it alike.

Keys are `owner:secret` pairs (an owner rotates keys and keeps its plans) or
bare keys (their own owner, stored as the key's hash, as before owners
existed). A value that does not parse stops start-up with one line.
"""

import hashlib
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from api_helpers import create_plan
from conftest import bearer, make_app

from benchmarks.harness import APP, REPO, free_port
from service.app import create_app
from service.settings import NAMES, ApiKey, ConfigError, Limits, bare_key_owner, load, parse_api_keys
from service.store import Store


@pytest.mark.parametrize(
    ("value", "keys"),
    [
        (None, ()),
        ("a", (ApiKey(bare_key_owner("a"), "a"),)),
        (" a , b ,, ", (ApiKey(bare_key_owner("a"), "a"), ApiKey(bare_key_owner("b"), "b"))),
        ("ann:k1,ann:k2,bob:k3", (ApiKey("ann", "k1"), ApiKey("ann", "k2"), ApiKey("bob", "k3"))),
        (["ann:k1", " b "], (ApiKey("ann", "k1"), ApiKey(bare_key_owner("b"), "b"))),
        ("1e3", (ApiKey(bare_key_owner("1e3"), "1e3"),)),  # the text as written, never the number 1000.0
    ],
)
def test_keys_parse(value: object, keys: tuple[ApiKey, ...]) -> None:
    assert parse_api_keys(value) == keys


@pytest.mark.parametrize(
    "value",
    ["null", "[]", '[""]', "false", "true", ",", " , ", "ann:", ":k1", "a b", "ann:k 1", "bad owner!:k", "k,k", 12],
)
def test_malformed_keys_stop_start_up(value: object) -> None:
    with pytest.raises(ConfigError) as raised:
        parse_api_keys(value)
    message = str(raised.value)
    assert message.startswith("RUNLIFT_API_KEYS: ") and "\n" not in message


def test_a_secret_is_never_in_the_message() -> None:
    with pytest.raises(ConfigError) as raised:
        parse_api_keys("ann:null,ann:s3cr3t x")
    assert "s3cr3t" not in str(raised.value)


def test_a_bare_key_keeps_the_owner_its_plans_were_stored_under() -> None:
    # Plans stored before owners existed belong to the SHA-256 of the key.
    assert bare_key_owner("key-alpha") == hashlib.sha256(b"key-alpha").hexdigest()


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("RUNLIFT_MAX_PLANS_PER_OWNER", "-1"),
        ("RUNLIFT_REQUESTS_PER_MINUTE", "lots"),
        ("RUNLIFT_MAX_VERSIONS_PER_PLAN", "1e3"),
        ("RUNLIFT_MAX_CONTENT_LENGTH", "0"),
        ("RUNLIFT_CLIENT_BODY_TIMEOUT", "0"),
        ("RUNLIFT_WORKERS", "0"),
        ("RUNLIFT_WORKERS", "two"),
        ("RUNLIFT_DATABASE_URL", "mysql://x/y"),
    ],
)
def test_malformed_values_name_their_variable(name: str, value: str) -> None:
    with pytest.raises(ConfigError, match=f"^{name}: "):
        load({name: value})


@pytest.mark.parametrize("name", sorted(set(NAMES) - {"DATABASE_PATH"}))
def test_every_setting_is_read_and_checked(name: str) -> None:
    """Each name in NAMES is parsed (and create_app passes it through): garbage in it stops start-up."""
    with pytest.raises(ConfigError, match=f"^RUNLIFT_{name}: "):
        load({f"RUNLIFT_{name}": "[garbage]"})


def test_defaults() -> None:
    settings = load({})
    assert settings.open and settings.limits == Limits(1000, 500, 120)
    assert settings.max_content_length == 1024 * 1024
    assert settings.database_url.endswith("/instance/runlift.sqlite3")


def test_the_app_refuses_malformed_keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RUNLIFT_API_KEYS", "null")
    with pytest.raises(ConfigError):
        create_app({"DATABASE_PATH": str(tmp_path / "x.sqlite3"), "MIGRATE": True})


@pytest.mark.parametrize("keys", ["null", "[]", '[""]', "false"])
def test_gunicorn_refuses_to_start_with_malformed_keys(tmp_path: Path, keys: str) -> None:
    """It used to read these as "keys exist" and bind 0.0.0.0 while the app ran with none."""
    env = {
        "RUNLIFT_API_KEYS": keys,
        "RUNLIFT_DATABASE_PATH": str(tmp_path / "x.sqlite3"),
        "RUNLIFT_BIND": f"0.0.0.0:{free_port()}",
        "PYTHONPATH": str(REPO),
        "PATH": "/usr/bin:/bin",
    }
    command = [sys.executable, "-m", "gunicorn", "-c", str(REPO / "gunicorn.conf.py"), APP]
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert done.stderr.strip().splitlines() == [done.stderr.strip().splitlines()[-1]]
    assert "runlift: RUNLIFT_API_KEYS: " in done.stderr
    assert "Traceback" not in done.stderr and "Listening at" not in done.stdout + done.stderr


def test_an_owner_rotates_keys_without_losing_plans(database_url: str) -> None:
    app = make_app(database_url, API_KEYS="ann:old-key,ann:new-key,bob:bobs-key")
    client = app.test_client()
    plan = create_plan(client, headers=bearer("old-key"))
    rotated = make_app(database_url, API_KEYS="ann:new-key,bob:bobs-key").test_client()
    assert rotated.get(f"/v1/plans/{plan['id']}", headers=bearer("new-key")).status_code == 200
    assert rotated.get(f"/v1/plans/{plan['id']}", headers=bearer("old-key")).status_code == 401
    assert rotated.get(f"/v1/plans/{plan['id']}", headers=bearer("bobs-key")).status_code == 404
    app.extensions["runlift.store"].close()


def test_plans_of_a_bare_key_stay_readable(database_url: str) -> None:
    """A plan stored by a bare key before owners existed (owner = the key's hash) is still its key's."""
    app = make_app(database_url, API_KEYS="legacy-key,ann:k1")
    store: Store = app.extensions["runlift.store"]
    plan_id = uuid.uuid4().hex
    store.create_plan(plan_id, hashlib.sha256(b"legacy-key").hexdigest(), '{"stored": "before owners"}')
    client = app.test_client()
    answer = client.get(f"/v1/plans/{plan_id}", headers=bearer("legacy-key"))
    assert (answer.status_code, answer.get_json()) == (200, {"stored": "before owners"})
    assert client.get(f"/v1/plans/{plan_id}", headers=bearer("k1")).status_code == 404
    store.close()
