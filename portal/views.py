import logging
import mimetypes
from pathlib import PurePosixPath

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import connection
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    HttpResponseServerError,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from portal import home as home_page
from portal import languages, selectors, services
from portal.middleware import SESSION_LANGUAGE_KEY

logger = logging.getLogger(__name__)
# Uploads whose own view checks who may see them (community.models.attachment_path).
PRIVATE_UPLOADS = "attachments"


def home(request):
    profile = selectors.own_profile(request.user)
    return render(
        request, "portal/home.html", {"profile": profile, "panels": home_page.panels_for(request)}
    )


@never_cache
@require_GET
def signed_in_floor(request):
    """What every signed-in page costs before its own content, for ``make bench``.

    The session, the person, the menu, the notification bell and the pop-up check: the
    shared frame of every page, with nothing in it.
    """
    return render(request, "portal/bench_signed_in.html")


@login_not_required
@never_cache
@require_GET
def bare(request):
    """The floor of this stack for ``make bench``: the middleware and nothing else.

    No database, no session, no template; it tells nobody anything.
    """
    return HttpResponse("ok", content_type="text/plain")


@login_not_required
@require_GET
def favicon(request):
    # Resolved per request: the hashed name exists only once static files are collected.
    return redirect(static("img/favicon.svg"), permanent=True)


@login_not_required
@require_POST
def set_language(request):
    """The footer's language switch: Django's cookie for everyone, and for a signed-in
    person also their profile, so the choice follows them to their next device."""
    language = request.POST.get(i18n.LANGUAGE_QUERY_PARAMETER, "")
    try:
        if request.user.is_authenticated:
            services.set_own_language(actor=request.user, language=language)
        else:
            languages.validate_language(language)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if request.user.is_authenticated:
            request.session[SESSION_LANGUAGE_KEY] = language
            # The confirmation is read on the next page, which is in the new language.
            with translation.override(language):
                messages.success(
                    request,
                    _("Language saved. Switchboard uses it on every device you sign in on."),
                )
    return i18n.set_language(request)


@login_not_required
@never_cache
@require_GET
def healthz(request):
    checks = {"database": _check_database(), "broker": _check_broker()}
    healthy = all(result == "ok" for result in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503
    )


def _check_database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:
        logger.warning("Health check: database unavailable: %s", error)
        return "unavailable"
    return "ok"


def _check_broker():
    from portal.celery import app

    try:
        with app.connection_for_write() as broker:
            broker.ensure_connection(max_retries=1, timeout=2)
    except Exception as error:
        logger.warning("Health check: broker unavailable: %s", error)
        return "unavailable"
    return "ok"


@require_GET
def media(request, name):
    """Serve uploads to signed-in people only, never as something a browser would run.

    Post attachments are not served here: ``community:attachment`` checks that the
    person may see the post first.
    """
    path = PurePosixPath(name)
    if (
        path.is_absolute()
        or ".." in path.parts
        or path.parts[:1] == (PRIVATE_UPLOADS,)
        or not default_storage.exists(name)
    ):
        raise Http404
    try:
        upload = default_storage.open(name)
    except IsADirectoryError:
        raise Http404 from None
    content_type, _encoding = mimetypes.guess_type(name)
    if content_type not in {"image/jpeg", "image/png"}:
        content_type = "application/octet-stream"
    response = FileResponse(upload, content_type=content_type)
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=86400"
    return response


# Error pages keep the header and menu, but never use up today's celebration pop-up: a
# missing image or a refused fragment would record it as seen without anyone seeing it.
ERROR_PAGE_CONTEXT = {"milestone_popup": None}


def permission_denied(request, exception=None):
    message = str(exception) if exception and str(exception) else ""
    return render(request, "403.html", {**ERROR_PAGE_CONTEXT, "message": message}, status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", ERROR_PAGE_CONTEXT, status=404)


def server_error(request):
    # No request context: whatever broke (the database, a context processor)
    # must not break the error page too.
    return HttpResponseServerError(loader.get_template("500.html").render({}))


def error_preview(request, status):
    """Lets a developer look at the error pages while DEBUG is on."""
    if status not in {403, 404, 500} or not settings.DEBUG:
        raise Http404
    return render(request, f"{status}.html", ERROR_PAGE_CONTEXT, status=status)
