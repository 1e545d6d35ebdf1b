"""Who an item is for, and the selector that filters any targeted model.

A model that inherits ``portal.models.Targeted`` has an optional ``audience``;
``visible_to(queryset, user)`` narrows it to what the person may see, inside the
same SQL query (no extra round trips).
"""

from django.db import transaction
from django.db.models import BooleanField, F, Func, Q

from portal.lists import join_list
from portal.models import Audience, AudienceRole, Profile, Role, User


class MeantFor(Func):
    """True when the row's audience (its ``audience_id``) includes ``user``; see visible_to.

    An audience narrows up to four dimensions (sites, teams, departments, roles); within
    one any match counts, across them all must match, and a dimension with no rows does
    not narrow. Each dimension is one scalar subquery over the item's own rows, read
    from the through table's index on ``audience_id``: the largest of "this row matches"
    (1 or 0) is NULL when the dimension has no rows, and NULL counts as allowed. A
    person with no site (team, department) matches no row, so they pass only
    dimensions that do not narrow.

    Why not EXISTS: inside an OR, PostgreSQL may run an EXISTS as a "hashed subplan" that
    reads every audience row (one per targeted item, so the cost grew with the content)
    before checking the first item. Why SQL written here rather than the ORM's
    subqueries: this check is in nearly every query a page makes (twice in the feed's),
    and compiling twelve nested ORM subqueries each time cost more CPU than running them.
    The person's placement is read in the same statement (evaluated once), because
    request.user comes without its profile.
    """

    output_field = BooleanField()

    def __init__(self, audience, *, user):
        super().__init__(audience)
        self.user = user

    def as_sql(self, compiler, connection, **extra_context):
        quote = connection.ops.quote_name
        column, column_params = compiler.compile(self.get_source_expressions()[0])
        profile = quote(Profile._meta.db_table)
        dimensions = [
            (Audience.sites.through, "site_id"),
            (Audience.teams.through, "team_id"),
            (Audience.departments.through, "department_id"),
            (AudienceRole, "role"),
        ]
        checks, params = [], [*column_params]
        for model, field in dimensions:
            table = quote(model._meta.db_table)
            if field == "role":
                value, value_params = "%s", [self.user.role]
            else:
                value = f"(SELECT {quote(field)} FROM {profile} WHERE {quote('user_id')} = %s)"
                value_params = [self.user.pk]
            matches = f"CASE WHEN {table}.{quote(field)} = {value} THEN 1 ELSE 0 END"
            checks.append(
                f"COALESCE((SELECT MAX({matches}) FROM {table}"
                f" WHERE {table}.{quote('audience_id')} = {column}), 1) = 1"
            )
            params.extend([*value_params, *column_params])
        return f"({column} IS NULL OR ({' AND '.join(checks)}))", params


def visible_to(queryset, user):
    """Narrow a queryset of ``Targeted`` items to those meant for ``user``."""
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    return queryset.filter(MeantFor(F("audience_id"), user=user))


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


def _narrowed(audience):
    """Each dimension the audience narrows, as (name, the ids or roles it allows).

    Reads ``audience.sites`` and the rest through ``.all()``, so a prefetched audience
    costs no query.
    """
    dimensions = {
        "site": {site.pk for site in audience.sites.all()},
        "team": {team.pk for team in audience.teams.all()},
        "department": {department.pk for department in audience.departments.all()},
        "role": {row.role for row in audience.roles.all()},
    }
    return {name: allowed for name, allowed in dimensions.items() if allowed}


def includes(audience, *, site_id, team_id, department_id, role):
    """Whether ``audience`` (None: everyone) is meant for someone placed like this.

    The rule of ``visible_to``, in Python, for code that already holds the audience.
    """
    if audience is None:
        return True
    placement = {"site": site_id, "team": team_id, "department": department_id, "role": role}
    return all(placement[name] in allowed for name, allowed in _narrowed(audience).items())


def meant_for_q(audience, *, site, team, department, role):
    """A filter on rows that record a placement: those ``audience`` is meant for.

    The keyword arguments name each placement column of the filtered model (e.g.
    ``site="profile__site_id"``, ``role="role"``). The rule of ``visible_to``: every
    narrowed dimension must match; a missing placement matches no narrowed dimension.
    """
    condition = Q(pk__isnull=False)
    if audience is None:
        return condition
    columns = {"site": site, "team": team, "department": department, "role": role}
    for name, allowed in _narrowed(audience).items():
        condition &= Q(**{f"{columns[name]}__in": allowed})
    return condition


def people_meant_for(audience):
    """Active people ``audience`` (None: everyone) is meant for, as a lazy queryset."""
    return User.objects.filter(is_active=True).filter(
        meant_for_q(
            audience,
            site="profile__site_id",
            team="profile__team_id",
            department="profile__department_id",
            role="role",
        )
    )


def describe(audience):
    """A short human description, e.g. "Cardiff · Team leaders"."""
    from django.utils.translation import gettext as _

    if audience is None:
        return _("Everyone")
    labels = dict(Role.choices)
    parts = [
        join_list(audience.sites.all()),
        join_list(team.name for team in audience.teams.all()),
        join_list(audience.departments.all()),
        join_list(
            labels[role]
            for role in sorted((r.role for r in audience.roles.all()), key=Role.values.index)
        ),
    ]
    return " · ".join(part for part in parts if part) or _("Everyone")
