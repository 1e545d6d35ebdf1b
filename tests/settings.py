"""Settings for the test run: the project's own, with a model to exercise audiences."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("DEBUG", "1")

from portal.settings import *  # noqa: F403
from portal.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.targeting"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# WhiteNoise warns on every request when STATIC_ROOT does not exist; tests never collect.
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="switchboard-test-static-"))
# Query-count tests compare a first page with a second; remembering "no pop-up today" makes
# the second cheaper. The tests of that memory turn it on (tests/portal/test_milestone_popups.py).
MILESTONE_POPUP_REMEMBER_SECONDS = 0
