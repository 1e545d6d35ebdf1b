"""Reads for the people pages, each a fixed number of queries however many rows."""

from django.db.models import Q

from portal.models import Profile


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


def person(*, pk):
    return Profile.objects.select_related("user", "site", "team", "department").get(
        pk=pk, user__is_active=True
    )
