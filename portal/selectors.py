"""Reads for the people pages, each a fixed number of queries however many rows."""

from django.contrib.auth import get_user_model
from django.db.models import OuterRef, Q, Subquery

from portal.models import Invitation, Profile


def directory(*, search="", site_id=None, team_id=None, role=""):
    people = Profile.objects.select_related("user", "site", "team", "department").filter(
        user__is_active=True
    )
    search = " ".join(search.split())
    for term in search.split(" ") if search else []:
        people = people.filter(
            Q(display_name__icontains=term)
            | Q(skills__icontains=term)
            | Q(languages__icontains=term)
            | Q(job_title__icontains=term)
        )
    if site_id:
        people = people.filter(site_id=site_id)
    if team_id:
        people = people.filter(team_id=team_id)
    if role:
        people = people.filter(user__role=role)
    return people.order_by("display_name", "pk")


_NOT_READ = object()


def own_profile(user):
    """The signed-in person's profile with site, team and department, or None.

    Read once per request and kept on ``user``, where the middleware (language, time
    zone), the page header and the home panels all find it.
    """
    profile = getattr(user, "own_profile", _NOT_READ)
    if profile is _NOT_READ:
        profile = (
            Profile.objects.select_related("site", "team", "department")
            .filter(user_id=user.pk)
            .first()
        )
        user.own_profile = profile
        if profile is not None:
            user.profile = profile
    return profile


def person(*, pk):
    return Profile.objects.select_related("user", "site", "team", "department").get(
        pk=pk, user__is_active=True
    )


PERSON_STATUSES = ("invited", "active", "deactivated")


def people_to_manage(*, search="", status=""):
    """Everyone, deactivated people too, with their latest invitation in the same query."""
    latest = Invitation.objects.filter(user_id=OuterRef("pk")).order_by("-created_at", "-pk")
    people = (
        get_user_model()
        .objects.select_related("profile__site", "profile__team", "profile__department")
        .annotate(
            last_invited_at=Subquery(latest.values("created_at")[:1]),
            last_invitation_sent_at=Subquery(latest.values("sent_at")[:1]),
        )
    )
    search = " ".join(search.split())
    for term in search.split(" ") if search else []:
        people = people.filter(Q(profile__display_name__icontains=term) | Q(email__icontains=term))
    if status == "invited":
        people = people.filter(is_active=True, last_login__isnull=True)
    elif status == "active":
        people = people.filter(is_active=True, last_login__isnull=False)
    elif status == "deactivated":
        people = people.filter(is_active=False)
    return people.order_by("profile__display_name", "email", "pk")
