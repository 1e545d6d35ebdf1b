from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _


class RequireMfaMiddleware:
    """With MFA_REQUIRED_FOR_STAFF on, managers and administrators must set up MFA first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
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
        return self.get_response(request)

    @staticmethod
    def _needs_mfa(request):
        user = request.user
        if not user.is_authenticated or not user.is_manager_or_administrator:
            return False
        from allauth.mfa.models import Authenticator

        return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
