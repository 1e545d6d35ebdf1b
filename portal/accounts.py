from urllib.parse import urlparse

from allauth.account import forms as allauth_forms
from allauth.account import views as allauth_views
from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal import languages
from portal.middleware import use_language


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are created by administrators or imported; nobody signs up."""

    def is_open_for_signup(self, request):
        return False

    def send_mail(self, template_prefix, email, context):
        # Password resets go through the same Celery-backed sender as every
        # other message, so a slow mail server never holds up a page.
        from portal.email import send_templated_email

        # A person with a language of their own reads it; anyone else the page's language.
        own = languages.stored(user_id=getattr(context.get("user"), "pk", None), email=email)
        language = own or translation.get_language()
        context = {key: value for key, value in context.items() if key != "request"}
        context.setdefault("email", email)
        # allauth's messages greet with the site's name and end with its domain.
        with translation.override(language):
            context["current_site"] = {
                "name": gettext("Switchboard"),
                "domain": urlparse(settings.SITE_URL).netloc,
            }
        send_templated_email(
            to=[email],
            template_prefix=template_prefix,
            context=_serialisable(context),
            language=language,
        )


def _serialisable(context):
    """Keep what the allauth templates read, as plain values a task can carry."""
    plain = {}
    for key, value in context.items():
        if isinstance(value, str | int | float | bool | dict) or value is None:
            plain[key] = value
        elif key == "user":
            plain["user_display"] = str(value)
        else:
            plain[key] = str(value)
    return plain


class LoginForm(allauth_forms.LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "remember" in self.fields:
            self.fields["remember"].label = _("Keep me signed in on this device")


@login_not_required
def choose_password(request, uidb36, key):
    """allauth's page for choosing a password, in the language of the person it is for.

    Invitations and password resets are written in the person's own language; the page
    their link opens, and the messages it leaves for the first page after it, follow.
    Only a link that works says whose it is: an expired one follows the browser.
    """
    if key == allauth_views.PasswordResetFromKeyView.reset_url_key:
        # After the first visit allauth keeps the key in the session, out of the address.
        link_key = request.session.get(allauth_views.INTERNAL_RESET_SESSION_KEY, "")
    else:
        link_key = key
    link = allauth_forms.UserTokenForm(data={"uidb36": uidb36, "key": link_key})
    if link.is_valid():
        language = languages.of(link.reset_user)
        if language in languages.codes():
            use_language(request, language)
    return allauth_views.password_reset_from_key(request, uidb36=uidb36, key=key)
