"""Every model change comes with its migration."""

import os
import subprocess
import sys
from pathlib import Path
from unittest.mock import PropertyMock, patch

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import OperationalError, connection
from django.db.models import GeneratedField

from community.models import Post


@pytest.mark.django_db
def test_no_model_change_is_missing_its_migration():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_the_migration_check_does_not_need_the_database_server():
    """makemigrations --check must work before the database exists (a fresh machine)."""
    features = type(connection.features)
    unreachable = PropertyMock(side_effect=OperationalError("database does not exist"))
    with patch.object(features, "supports_virtual_generated_columns", unreachable):
        errors = [
            error
            for model in apps.get_models()
            for field in model._meta.get_fields()
            if isinstance(field, GeneratedField)
            for error in field.check(databases=["default"])
        ]
    assert errors == []


def test_search_vectors_are_recorded_as_plain_generated_fields_in_migrations():
    field = Post._meta.get_field("search_vector")
    assert field.deconstruct()[1] == "django.db.models.GeneratedField"


def test_the_migration_check_runs_on_a_checkout_with_nothing_configured(tmp_path):
    """`manage.py makemigrations --check` with no DEBUG, SECRET_KEY or database set, as
    anyone checking a fresh clone runs it: it answers about the models, not the settings."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_")
        and key not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"}
    }
    env["SWITCHBOARD_VAR_DIR"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=Path(__file__).resolve().parents[1],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout
