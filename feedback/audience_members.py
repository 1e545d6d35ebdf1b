"""Who is in an audience: the reverse of ``portal.audiences.visible_to``, for telling people."""

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef


def members_of(audience):
    """Active people an audience (None: everyone) is meant for, as a lazy queryset.

    Same rule as ``visible_to``: any match within a dimension, every narrowed
    dimension must match.
    """
    people = get_user_model().objects.filter(is_active=True)
    if audience is None:
        return people
    through = type(audience).sites.through
    dimensions = [
        (through, "site_id", "profile__site_id"),
        (type(audience).teams.through, "team_id", "profile__team_id"),
        (type(audience).departments.through, "department_id", "profile__department_id"),
    ]
    for model, column, person_column in dimensions:
        rows = model.objects.filter(audience_id=audience.pk)
        if rows.exists():
            people = people.filter(Exists(rows.filter(**{column: OuterRef(person_column)})))
    roles = list(audience.roles.values_list("role", flat=True))
    if roles:
        people = people.filter(role__in=roles)
    return people
