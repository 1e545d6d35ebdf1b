"""Who an item is for, and the selector that filters any targeted model.

A model that inherits ``portal.models.Targeted`` has an optional ``audience``;
``visible_to(queryset, user)`` narrows it to what the person may see, inside the
same SQL query (correlated EXISTS subqueries, no extra round trips).
"""

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, Subquery

from portal.models import Audience, AudienceRole, Profile, Role


def _dimension_matches(through, column, value):
    """True when the audience does not narrow this dimension, or the value is in it.

    A missing value (NULL) matches no row, so it passes only unrestricted dimensions.
    """
    rows = through.objects.filter(audience_id=OuterRef("pk"))
    return ~Exists(rows) | Exists(rows.filter(**{column: value}))


def audiences_for(user):
    # The person's placement is read inside the same query: request.user comes
    # without its profile, and fetching it first would cost a round trip.
    placement = Profile.objects.filter(user_id=user.pk)

    def placed(column):
        return Subquery(placement.values(column)[:1])

    return Audience.objects.filter(
        _dimension_matches(Audience.sites.through, "site_id", placed("site_id")),
        _dimension_matches(Audience.teams.through, "team_id", placed("team_id")),
        _dimension_matches(Audience.departments.through, "department_id", placed("department_id")),
        _dimension_matches(AudienceRole, "role", user.role),
    )


def visible_to(queryset, user):
    """Narrow a queryset of ``Targeted`` items to those meant for ``user``."""
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    # A correlated EXISTS checks only the rows a page actually reads; "audience IN
    # (every matching audience)" would list all audiences first, and there is one per
    # targeted item, so that list grows with the content.
    meant_for_user = audiences_for(user).filter(pk=OuterRef("audience_id"))
    return queryset.filter(Q(audience__isnull=True) | Exists(meant_for_user))


def is_visible_to(item, user):
    return visible_to(type(item)._default_manager.filter(pk=item.pk), user).exists()


@transaction.atomic
def set_audience(item, *, sites=(), teams=(), departments=(), roles=()):
    """Aim ``item`` at the given groups; nothing chosen means everyone."""
    unknown = set(roles) - set(Role.values)
    if unknown:
        raise ValueError(f"Unknown roles: {', '.join(sorted(unknown))}")
    if not (sites or teams or departments or roles):
        old = item.audience
        if old is not None:
            item.audience = None
            item.save(update_fields=["audience"])
            old.delete()
        return None
    audience = item.audience
    if audience is None:
        audience = Audience.objects.create()
        item.audience = audience
        item.save(update_fields=["audience"])
    audience.sites.set(sites)
    audience.teams.set(teams)
    audience.departments.set(departments)
    audience.roles.all().delete()
    AudienceRole.objects.bulk_create(AudienceRole(audience=audience, role=r) for r in set(roles))
    return audience


def describe(audience):
    """A short human description, e.g. "Cardiff · Team leaders"."""
    from django.utils.translation import gettext as _

    if audience is None:
        return _("Everyone")
    labels = dict(Role.choices)
    parts = [
        ", ".join(str(site) for site in audience.sites.all()),
        ", ".join(team.name for team in audience.teams.all()),
        ", ".join(str(department) for department in audience.departments.all()),
        ", ".join(
            str(labels[role])
            for role in sorted((r.role for r in audience.roles.all()), key=Role.values.index)
        ),
    ]
    return " · ".join(part for part in parts if part) or _("Everyone")
