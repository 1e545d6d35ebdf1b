"""Settings read from the environment behave as an operator expects."""

import os
import subprocess
import sys

from django.conf import settings


def test_an_empty_database_url_means_the_local_sqlite_database():
    environment = {**os.environ, "DATABASE_URL": "", "DEBUG": "1"}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    engine = subprocess.run(
        [
            sys.executable,
            "-c",
            "import portal.settings as s; print(s.DATABASES['default']['ENGINE'])",
        ],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()

    assert engine == "django.db.backends.sqlite3"
