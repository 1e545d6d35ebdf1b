"""Each person's own language: for their pages on every device and for the email they get."""

from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.text import Truncator, format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.lists import join_list

# What a person picks on their profile: nothing (pages follow their browser, email goes
# out in the portal's language, which the label names) or one of the languages.
CHOICES = [
    (
        "",
        format_lazy(
            gettext_lazy("Not set: pages follow the browser, email in {language}"),
            language=dict(settings.LANGUAGES).get(settings.LANGUAGE_CODE, settings.LANGUAGE_CODE),
        ),
    ),
    *settings.LANGUAGES,
]


def name(code):
    """What a language is called on a page: its own name, or for "" what choosing none
    means (the profile's "Not set" choice)."""
    return str(dict(CHOICES).get(code, code))


def codes():
    return [code for code, _name in settings.LANGUAGES]


def validate_language(code, *, field="language"):
    """Raise a ValidationError on ``field`` unless ``code`` is one of the portal's languages."""
    if code not in codes():
        raise ValidationError(
            {
                field: ValidationError(
                    _("“%(code)s” is not a language of Switchboard. Choose one of: %(choices)s."),
                    params={
                        # Whatever was posted, shown short enough to read.
                        "code": Truncator(str(code)).chars(20),
                        "choices": join_list(name for _code, name in settings.LANGUAGES),
                    },
                    code="unknown_language",
                )
            }
        )


def for_email(language):
    """The language to write to someone in: their own, else the portal's default."""
    return language if language in codes() else settings.LANGUAGE_CODE


def stored(*, user_id=None, email=""):
    """A person's own language as stored, found by their id or else their email; "" for none."""
    from portal.models import Profile

    if user_id is not None:
        profiles = Profile.objects.filter(user_id=user_id)
    else:
        profiles = Profile.objects.filter(user__email__iexact=email)
    return profiles.values_list("language", flat=True).first() or ""


def of(user):
    """A person's own language, or "" when they follow the portal's default."""
    profile = getattr(user, "profile", None)
    return profile.language if profile is not None else ""


@contextmanager
def written_for(user):
    """Write what is meant for ``user`` alone (a notice, an email) in their language."""
    with translation.override(for_email(of(user))):
        yield
