from urllib.parse import urlparse

from allauth.account import forms as allauth_forms
from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal import languages


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
