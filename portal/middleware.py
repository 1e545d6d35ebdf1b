import zoneinfo

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal import languages

SESSION_TIME_ZONE_KEY = "time_zone"
SESSION_TIME_ZONE_SITE_KEY = "time_zone_site"
SESSION_LANGUAGE_KEY = "own_language"
_NOT_REMEMBERED = object()


def own_site_and_time_zone(user):
    """The person's site id (None for none) and the zone they read times in: their
    site's, else the portal's."""
    from portal.models import Profile

    site_id, zone = Profile.objects.filter(user_id=user.pk).values_list(
        "site_id", "site__time_zone"
    ).first() or (None, None)
    return site_id, zone or settings.TIME_ZONE


def remember_time_zone(request, user):
    """Keep the person's zone, and the site it is from, in the session.

    Later requests need no query for it: they compare the site with the profile the page
    reads anyway, and look the zone up again only when the person has moved site (on
    another device, or by an administrator). A change of a site's own zone reaches its
    people at their next sign-in.
    """
    site_id, zone = own_site_and_time_zone(user)
    request.session[SESSION_TIME_ZONE_KEY] = zone
    request.session[SESSION_TIME_ZONE_SITE_KEY] = site_id


def _profile(user):
    """The signed-in person's profile, or None: read once per request with what the pages
    need along, so the header and the page itself cost no query more for it."""
    from portal.selectors import own_profile

    return own_profile(user)


@receiver(user_logged_in, dispatch_uid="portal.remember_time_zone")
def remember_time_zone_on_sign_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        remember_time_zone(request, user)


class TimeZoneMiddleware:
    """Show and read every time in the signed-in person's own zone.

    Only for views that need a sign-in: pages open to anyone (health check, favicon, the
    bench's bare view) show no personal times, so they skip the reads this costs.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(view_func, "login_required", True) or not request.user.is_authenticated:
            timezone.deactivate()
            return None
        profile = _profile(request.user)
        site_id = profile.site_id if profile is not None else None
        remembered_site = request.session.get(SESSION_TIME_ZONE_SITE_KEY, _NOT_REMEMBERED)
        if SESSION_TIME_ZONE_KEY not in request.session or remembered_site != site_id:
            remember_time_zone(request, request.user)
        try:
            timezone.activate(zoneinfo.ZoneInfo(request.session[SESSION_TIME_ZONE_KEY]))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            timezone.deactivate()
        return None


def remember_language(request, user):
    """Keep the person's own language ("" for none) in the session, as for the time zone.

    A language of their own also goes into the language cookie (PersonLanguageMiddleware
    writes it on the response), so that pages open to all, the sign-in page after signing
    out among them, follow it on this device; without one the cookie is left as it was.
    """
    language = languages.stored(user_id=user.pk)
    request.session[SESSION_LANGUAGE_KEY] = language
    if language in languages.codes():
        request.language_for_cookie = language


def use_language(request, language):
    """Speak ``language`` for the rest of this request, the page and its messages."""
    translation.activate(language)
    request.LANGUAGE_CODE = language


@receiver(user_logged_in, dispatch_uid="portal.remember_language")
def remember_language_on_sign_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        remember_language(request, user)
        language = request.session[SESSION_LANGUAGE_KEY]
        if language in languages.codes():
            # The sign-in page spoke the browser's language; allauth adds "Successfully
            # signed in as ..." after this signal, and it shows on the person's first page.
            use_language(request, language)


class PersonLanguageMiddleware:
    """Show a signed-in person's pages in their own language, whatever the browser says.

    Runs after LocaleMiddleware has chosen from the cookie and the browser, which is
    what signed-out pages and people without a language of their own keep. Like the
    time zone, only views that need a sign-in read the profile for it (the page header
    reads the same one). Also writes the language cookie when ``remember_language`` asks
    for it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        language = getattr(request, "language_for_cookie", None)
        if language:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        signed_in_view = getattr(view_func, "login_required", True) or getattr(
            view_func, "in_own_language", False
        )
        if not signed_in_view or not request.user.is_authenticated:
            return None
        # The profile is read on every page: a language chosen on another device shows
        # here at once, and this device's session and cookie follow it.
        profile = _profile(request.user)
        own = profile.language if profile is not None else ""
        if request.session.get(SESSION_LANGUAGE_KEY, _NOT_REMEMBERED) != own:
            remember_language(request, request.user)
        language = request.session[SESSION_LANGUAGE_KEY]
        if language in languages.codes():
            use_language(request, language)
        return None


def in_own_language(view):
    """For a view open to all that signed-in people also use (the bell): their language.

    Other open views keep the cookie's, so that they never read the session for it.
    """
    view.in_own_language = True
    return view


def mfa_not_required(view):
    """Let a view through RequireMfaMiddleware: for addresses that calendar apps and other
    programs fetch without a session, which no authenticator setup page can help."""
    view.mfa_not_required = True
    return view


class RequireMfaMiddleware:
    """With MFA_REQUIRED_FOR_STAFF on, managers and administrators must set up MFA first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "mfa_not_required", False):
            return None
        if settings.MFA_REQUIRED_FOR_STAFF and self._needs_mfa(request):
            setup = reverse("mfa_activate_totp")
            # allauth asks for the password again before adding an authenticator.
            allowed = (
                setup,
                reverse("account_reauthenticate"),
                reverse("account_logout"),
                reverse("mfa_index"),
                "/static/",
            )
            if not request.path.startswith(allowed):
                messages.warning(
                    request,
                    _("Your role needs two-step sign-in. Set up an authenticator app to go on."),
                )
                return redirect(setup)
        return None

    @staticmethod
    def _needs_mfa(request):
        user = request.user
        if not user.is_authenticated or not user.is_manager_or_administrator:
            return False
        from allauth.mfa.models import Authenticator

        return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
