"""Everything that changes people and the organisation."""

import calendar

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _

from portal import languages, permissions
from portal.email import render_email
from portal.models import Invitation, Profile, Role

User = get_user_model()

PROFILE_FIELDS_SELF_EDITABLE = (
    "display_name",
    "job_title",
    "bio",
    "skills",
    "languages",
    "birthday_day",
    "birthday_month",
    "celebrate_birthday",
    "language",
)
PROFILE_FIELDS_ADMIN_ONLY = ("site", "team", "department", "start_date")


def validate_birthday(day, month):
    """Raise a ValidationError on the birthday fields when day and month are not a real date."""
    if (day is None) != (month is None):
        missing = "birthday_month" if month is None else "birthday_day"
        raise ValidationError(
            {missing: _("Give both the day and the month of the birthday, or neither.")}
        )
    if day is None:
        return
    # Both are checked, so one correction of the file or form fixes every problem at once.
    errors = {}
    if not 1 <= day <= 31:
        errors["birthday_day"] = _("The birthday day must be between 1 and 31.")
    if not 1 <= month <= 12:
        errors["birthday_month"] = _("The birthday month must be between 1 and 12.")
    # A leap year, so that 29 February is a real birthday.
    if not errors and day > calendar.monthrange(2000, month)[1]:
        errors["birthday_day"] = ValidationError(
            _("%(month)s has no day %(day)s."), params={"month": MONTHS[month], "day": day}
        )
    if errors:
        raise ValidationError(errors)


def validate_placement(*, site, team, department):
    if team is not None and site is not None and team.site_id != site.pk:
        raise ValidationError(
            {
                "team": ValidationError(
                    _("The team %(team)s is not at the site %(site)s."),
                    params={"team": team.name, "site": site.name},
                )
            }
        )


@transaction.atomic
def create_person(
    *,
    actor,
    email,
    display_name,
    role=Role.AGENT,
    invite=True,
    **profile_fields,
):
    """Create a person with their profile, and invite them unless told not to."""
    if actor is not None:
        permissions.require(actor, permissions.MANAGE_PEOPLE)
    email = User.objects.normalize_email(email).strip().lower()
    if role not in Role.values:
        raise ValidationError(_("“%(role)s” is not a role."), params={"role": role})
    validate_birthday(profile_fields.get("birthday_day"), profile_fields.get("birthday_month"))
    if profile_fields.get("language"):
        languages.validate_language(profile_fields["language"])
    validate_placement(
        site=profile_fields.get("site"),
        team=profile_fields.get("team"),
        department=profile_fields.get("department"),
    )
    try:
        with transaction.atomic():
            user = User.objects.create_user(email=email, role=role)
    except IntegrityError:
        raise ValidationError(
            {
                "email": ValidationError(
                    _("Someone with the email %(email)s already exists."),
                    params={"email": email},
                    code="duplicate_email",
                )
            }
        ) from None
    user.set_unusable_password()
    user.save(update_fields=["password"])
    Profile.objects.create(user=user, display_name=display_name.strip(), **profile_fields)
    if invite:
        invite_person(actor=actor, user=user)
    return user


@transaction.atomic
def update_profile(*, actor, profile, **changes):
    """Apply ``changes`` to ``profile``; people edit their own, administrators anyone's."""
    permissions.require(actor, permissions.EDIT_PROFILE, profile)
    allowed = set(PROFILE_FIELDS_SELF_EDITABLE)
    if permissions.can(actor, permissions.MANAGE_PEOPLE):
        allowed |= set(PROFILE_FIELDS_ADMIN_ONLY)
    forbidden = set(changes) - allowed
    if forbidden:
        raise PermissionDenied(
            _("You cannot change %(fields)s.") % {"fields": ", ".join(sorted(forbidden))}
        )
    merged = {field: changes.get(field, getattr(profile, field)) for field in allowed}
    validate_birthday(merged.get("birthday_day"), merged.get("birthday_month"))
    if changes.get("language"):
        languages.validate_language(changes["language"])
    validate_placement(
        site=merged.get("site", profile.site),
        team=merged.get("team", profile.team),
        department=merged.get("department", profile.department),
    )
    for field, value in changes.items():
        setattr(profile, field, value.strip() if isinstance(value, str) else value)
    if not profile.display_name:
        raise ValidationError(_("A display name is required."))
    profile.save()
    return profile


@transaction.atomic
def set_own_language(*, actor, language):
    """Keep ``language`` on the person's own profile, so every device they use follows it."""
    languages.validate_language(language)
    profile = Profile.objects.select_for_update().filter(user=actor).first()
    if profile is None:
        raise ValidationError(
            _("Your account has no profile to keep a language in. Ask an administrator.")
        )
    profile.language = language
    profile.save(update_fields=["language", "updated_at"])
    return profile


@transaction.atomic
def set_role(*, actor, user, role):
    permissions.require(actor, permissions.MANAGE_PEOPLE)
    if role not in Role.values:
        raise ValidationError(_("“%(role)s” is not a role."), params={"role": role})
    if user == actor and role != Role.ADMINISTRATOR:
        raise ValidationError(_("You cannot remove your own administrator role."))
    user.role = role
    user.save()
    return user


@transaction.atomic
def set_profile_photo(*, actor, profile, photo):
    """Store an already validated and re-encoded photo (see ``portal.uploads``)."""
    permissions.require(actor, permissions.EDIT_PROFILE, profile)
    old = profile.photo.name if profile.photo else None
    profile.photo.save(photo.name, photo, save=False)
    profile.save(update_fields=["photo", "updated_at"])
    if old:
        storage = profile.photo.storage
        transaction.on_commit(lambda: storage.delete(old))
    return profile


@transaction.atomic
def remove_profile_photo(*, actor, profile):
    permissions.require(actor, permissions.EDIT_PROFILE, profile)
    if not profile.photo:
        return profile
    old, storage = profile.photo.name, profile.photo.storage
    profile.photo = ""
    profile.save(update_fields=["photo", "updated_at"])
    transaction.on_commit(lambda: storage.delete(old))
    return profile


def invite_person(*, actor, user):
    """Record an invitation and send it once the transaction commits."""
    if actor is not None:
        permissions.require(actor, permissions.MANAGE_PEOPLE)
    if not user.is_active:
        raise ValidationError(_("%(person)s is deactivated."), params={"person": user})
    invitation = Invitation.objects.create(user=user, invited_by=actor)
    from portal.tasks import send_invitation

    send_invitation.delay_on_commit(invitation.pk)
    return invitation


def invitation_link(user):
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str
    from django.conf import settings
    from django.urls import reverse

    key = default_token_generator.make_token(user)
    path = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": key},
    )
    return settings.SITE_URL.rstrip("/") + path


def deliver_invitation(*, invitation_id):
    """Send an invitation email at most once, however often the task runs."""
    with transaction.atomic():
        invitation = (
            # Lock only the invitation: PostgreSQL cannot lock the outer-joined profile.
            Invitation.objects.select_for_update(of=("self",))
            .select_related("user__profile")
            .filter(pk=invitation_id, sent_at__isnull=True)
            .first()
        )
        if invitation is None or not invitation.user.is_active:
            return False
        user = invitation.user
        # Sent here, inside the lock: a second run of the task finds sent_at set
        # and a failed send rolls back so the retry sends again.
        with languages.written_for(user):
            message = render_email(
                to=[user.email],
                template_prefix="portal/email/invitation",
                context={
                    "display_name": user.profile.display_name,
                    "email": user.email,
                    "link": invitation_link(user),
                    "days_valid": _days_valid(),
                },
            )
        message.send()
        invitation.sent_at = timezone.now()
        invitation.save(update_fields=["sent_at"])
    return True


def _days_valid():
    from django.conf import settings

    return max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)


@transaction.atomic
def deactivate_person(*, actor, user):
    """Stop someone signing in; their posts and history stay."""
    permissions.require(actor, permissions.MANAGE_PEOPLE)
    if user.pk == actor.pk:
        raise ValidationError(_("You cannot deactivate yourself."), code="self")
    if user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
    return user


@transaction.atomic
def reactivate_person(*, actor, user):
    permissions.require(actor, permissions.MANAGE_PEOPLE)
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
    return user
