import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from tweetcamp.env import env_bool, env_int, env_list, env_str, env_timezone, env_url


def test_booleans_accept_the_usual_spellings(monkeypatch):
    for raw, expected in [("1", True), ("yes", True), ("ON", True), ("0", False), ("false", False)]:
        monkeypatch.setenv("X_FLAG", raw)
        assert env_bool("X_FLAG", default=not expected) is expected


@pytest.mark.parametrize(
    ("reader", "raw"),
    [
        (lambda: env_bool("X", default=False), "maybe"),
        (lambda: env_int("X", 1), "ten"),
        (lambda: env_int("X", 1, minimum=0), "-5"),
        (lambda: env_timezone("X", "UTC"), "Mars/Olympus"),
        (lambda: env_url("X", schemes=("postgres", "sqlite")), "mysql://db"),
    ],
)
def test_junk_is_rejected_with_the_variables_name(monkeypatch, reader, raw):
    monkeypatch.setenv("X", raw)
    with pytest.raises(ImproperlyConfigured, match="X"):
        reader()


def test_required_values_must_be_set(monkeypatch):
    monkeypatch.delenv("X_SECRET", raising=False)
    with pytest.raises(ImproperlyConfigured, match="X_SECRET"):
        env_str("X_SECRET")


def test_lists_drop_blanks(monkeypatch):
    monkeypatch.setenv("X_HOSTS", "a.example.org, ,b.example.org,")
    assert env_list("X_HOSTS") == ["a.example.org", "b.example.org"]


def test_production_refuses_to_start_without_a_secret_key():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='tweetcamp.settings'; django.setup()",
        ],
        env={"DEBUG": "0", "ALLOWED_HOSTS": "x.example.org", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
