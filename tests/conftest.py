import io
import os

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

# Playwright's sync API runs an event loop in the test thread; Django would
# otherwise refuse database access from live_server tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from portal.models import Department, Role, Site, Team
from portal.services import create_person
from tests.browser_support import PASSWORD, open_page  # noqa: F401 - open_page is a fixture

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


@pytest.fixture(autouse=True)
def isolated_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def default_language(settings):
    """Each test starts in the default language.

    LocaleMiddleware leaves the last request's language active in the thread, so a
    test after a request in Chinese would otherwise get Chinese from gettext.
    """
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def redis_down(settings):
    """The portal's cache on a Redis that refuses every connection, as when it has stopped."""
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test starts with an empty cache (Redis in CI), so rate limits do not leak."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def cardiff(db):
    return Site.objects.create(name="Cardiff", time_zone="Europe/London")


@pytest.fixture
def shenzhen(db):
    return Site.objects.create(name="Shenzhen", time_zone="Asia/Shanghai")


@pytest.fixture
def customer_service(db):
    return Department.objects.create(name="Customer Service")


@pytest.fixture
def marketing(db):
    return Department.objects.create(name="Marketing")


@pytest.fixture
def billing_team(cardiff, customer_service):
    return Team.objects.create(name="Billing", site=cardiff, department=customer_service)


@pytest.fixture
def make_person(db, cardiff, billing_team, customer_service):
    """Create a person directly (no actor, no invitation) with sensible defaults."""
    counter = iter(range(1, 1_000_000))

    def make(role=Role.AGENT, *, email=None, display_name=None, password=PASSWORD, **fields):
        number = next(counter)
        fields.setdefault("site", cardiff)
        fields.setdefault("team", billing_team)
        fields.setdefault("department", customer_service)
        user = create_person(
            actor=None,
            email=email or f"{role}{number}@example.com",
            display_name=display_name or f"{Role(role).label} {number}",
            role=role,
            invite=False,
            **fields,
        )
        user.set_password(password)
        user.save()
        return user

    return make


@pytest.fixture
def agent(make_person):
    return make_person(Role.AGENT, display_name="Alex Agent")


@pytest.fixture
def team_leader(make_person):
    return make_person(Role.TEAM_LEADER, display_name="Tess Leader")


@pytest.fixture
def manager(make_person):
    return make_person(Role.MANAGER, display_name="Morgan Manager")


@pytest.fixture
def submitter(make_person, marketing):
    return make_person(
        Role.SUBMITTER, display_name="Sam Submitter", department=marketing, team=None
    )


@pytest.fixture
def administrator(make_person):
    return make_person(Role.ADMINISTRATOR, display_name="Ada Admin")


@pytest.fixture
def image_upload():
    """Make an uploaded image file: ``image_upload("me.jpg", size=(900, 600), exif=...)``."""

    def make(name="photo.png", *, size=(64, 64), image_format=None, exif=None):
        image_format = image_format or ("JPEG" if name.endswith((".jpg", ".jpeg")) else "PNG")
        buffer = io.BytesIO()
        extra = {"exif": exif} if exif is not None else {}
        Image.new("RGB", size, (30, 120, 200)).save(buffer, format=image_format, **extra)
        content_type = Image.MIME[image_format]
        return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)

    return make


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture
def chinese_separator(monkeypatch):
    """Lists joined with the separator of the Chinese catalogue ("、"), while the rest of
    the page stays in English, so that a test can see where the separator is used."""
    from django.utils.translation import pgettext as translated

    def pgettext(context, message):
        with translation.override("zh-hans"):
            return translated(context, message)

    monkeypatch.setattr("portal.lists.pgettext", pgettext)
