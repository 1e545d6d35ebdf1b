"""Who an item is for, and the selector that filters any targeted model.

A model that inherits ``portal.models.Targeted`` has an optional ``audience``;
``visible_to(queryset, user)`` narrows it to what the person may see, inside the
same SQL query (no extra round trips).
"""

from django.db import transaction
from django.db.models import Case, IntegerField, Max, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact

from portal.models import Audience, AudienceRole, Profile, Role


def _dimension_allows(through, column, value):
    """True when the item's audience does not narrow this dimension, or the value is in it.

    A scalar subquery over the item's own rows: the largest of "this row matches" (1 or 0)
    is NULL when the dimension has no rows, so NULL counts as allowed. A missing value
    (NULL) matches no row, so it passes only unrestricted dimensions.

    Written as an aggregate rather than EXISTS on purpose: PostgreSQL may run an EXISTS
    inside an OR as a "hashed subplan", which reads every audience row (one per targeted
    item, so the cost grew with the content) before the first item is checked. An
    aggregate subquery is evaluated per item the page actually reads, from the through
    table's index on ``audience_id``.
    """
    matches = Case(When(**{column: value}, then=Value(1)), default=Value(0))
    best = (
        through.objects.filter(audience_id=OuterRef("audience_id"))
        .order_by()
        .values("audience_id")
        .annotate(best=Max(matches, output_field=IntegerField()))
        .values("best")
    )
    return Exact(Coalesce(Subquery(best, output_field=IntegerField()), Value(1)), Value(1))


def _placed(user, column):
    # The person's placement is read inside the same query (an InitPlan, run once):
    # request.user comes without its profile, and fetching it first would cost a round trip.
    return Subquery(Profile.objects.filter(user_id=user.pk).order_by().values(column)[:1])


def visible_to(queryset, user):
    """Narrow a queryset of ``Targeted`` items to those meant for ``user``."""
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    meant_for_user = (
        _dimension_allows(Audience.sites.through, "site_id", _placed(user, "site_id"))
        & _dimension_allows(Audience.teams.through, "team_id", _placed(user, "team_id"))
        & _dimension_allows(
            Audience.departments.through, "department_id", _placed(user, "department_id")
        )
        & _dimension_allows(AudienceRole, "role", user.role)
    )
    return queryset.filter(Q(audience__isnull=True) | meant_for_user)


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
