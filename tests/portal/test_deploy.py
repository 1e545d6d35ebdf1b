"""Production mode, checked the way an operator starts it: a fresh process with env vars."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

BASE_DIR = Path(__file__).resolve().parents[2]
PRODUCTION_KEY = "k3y-for-the-deploy-check-only-aZ9xQ2mW7pL4vR8tN1sB6cY0hJ5gF3dE"


def _test_database_url():
    """The test run's own PostgreSQL database: the configured one may not exist in CI."""
    settings = connection.settings_dict
    credentials = settings["USER"] + (f":{settings['PASSWORD']}" if settings["PASSWORD"] else "")
    host = f"{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
    return f"postgres://{credentials}@{host}/{settings['NAME']}"


@pytest.fixture
def production_env(tmp_path, django_db_setup):
    # Nothing from the test run leaks in (DJANGO_ALLOW_ASYNC_UNSAFE, the test settings);
    # REDIS_URL stays and DATABASE_URL names the test database, so the check sees the
    # same services as CI.
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}
    }
    env.update(
        DEBUG="0",
        SECRET_KEY=PRODUCTION_KEY,
        ALLOWED_HOSTS="switchboard.example.com",
        # Django's deploy check refuses a development mail backend in production.
        EMAIL_URL="smtp+tls://switchboard:secret@smtp.example.com:587",
        SWITCHBOARD_VAR_DIR=str(tmp_path / "var"),
        STATIC_ROOT=str(tmp_path / "static"),
    )
    if connection.vendor == "postgresql":
        env["DATABASE_URL"] = _test_database_url()
    return env


def manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_passes_in_production_mode_without_warnings(production_env):
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key(production_env):
    del production_env["SECRET_KEY"]
    result = manage("check", env=production_env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set to a random value of at least 50 characters" in result.stderr


def test_production_refuses_a_short_secret_key(production_env):
    production_env["SECRET_KEY"] = "change-me"
    result = manage("check", env=production_env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts(production_env):
    del production_env["ALLOWED_HOSTS"]
    result = manage("check", env=production_env)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must list the host names" in result.stderr


def test_demo_data_is_never_seeded_in_production_by_accident(production_env):
    result = manage("seed_demo", env=production_env)
    assert result.returncode != 0
    assert "DEBUG is off" in result.stderr
