"""Reads for the new-starter project pages."""

from django.db.models import Count, F, Prefetch, Q

from community.models import NewStarterProject, ProjectAssignment, ProjectUpdate

PROJECTS_PER_PAGE = 20
OPEN, ALL = "open", "all"


def projects(*, show=OPEN):
    """Projects with how many starters are on them now and have finished: one query a page."""
    active = Q(assignments__state=ProjectAssignment.State.ACTIVE)
    rows = (
        NewStarterProject.objects.select_related("owner__profile", "team")
        .annotate(
            active_count=Count("assignments", filter=active),
            finished_count=Count(
                "assignments", filter=Q(assignments__state=ProjectAssignment.State.FINISHED)
            ),
        )
        .annotate(places_left=F("capacity") - F("active_count"))
        .order_by("-created_at", "-pk")
    )
    if show == OPEN:
        rows = rows.filter(is_open=True, places_left__gt=0)
    return rows


def active_assignment_of(user):
    return (
        ProjectAssignment.objects.filter(starter_id=user.pk, state=ProjectAssignment.State.ACTIVE)
        .select_related("project", "buddy__profile")
        .first()
    )


def project_for(pk):
    """A project with its starters (newest first), buddies and updates, in fixed queries."""
    updates = ProjectUpdate.objects.select_related("author__profile")
    assignments = ProjectAssignment.objects.select_related(
        "starter__profile", "buddy__profile", "post"
    ).prefetch_related(Prefetch("updates", queryset=updates))
    return (
        NewStarterProject.objects.select_related("owner__profile", "team")
        .prefetch_related(Prefetch("assignments", queryset=assignments))
        .annotate(
            active_count=Count(
                "assignments",
                filter=Q(assignments__state=ProjectAssignment.State.ACTIVE),
            )
        )
        .get(pk=pk)
    )
