"""Everything that changes a new-starter project."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, Count, Q, When
from django.utils import timezone
from django.utils.translation import gettext as _

from community import rules
from community import services as feed_services
from community.models import (
    NEW_STARTER_WEEKS,
    NEW_STARTERS,
    PROJECT_MAX_CAPACITY,
    PROJECT_TEXT_MAX_LENGTH,
    PROJECT_TITLE_MAX_LENGTH,
    PROJECT_UPDATE_MAX_LENGTH,
    NewStarterProject,
    ProjectAssignment,
    ProjectUpdate,
    Section,
)
from portal import permissions
from portal.models import NotificationVerb, Role, User
from portal.notifications import notify


def _name(person):
    profile = getattr(person, "profile", None)
    return profile.display_name if profile else person.email


def _clean_project(*, title, description, impact, capacity):
    title, description, impact = (
        (title or "").strip(),
        (description or "").strip(),
        (impact or "").strip(),
    )
    errors = {}
    if not title:
        errors["title"] = _("Give the project a title.")
    elif len(title) > PROJECT_TITLE_MAX_LENGTH:
        errors["title"] = _("Keep the title to %(limit)s characters.") % {
            "limit": PROJECT_TITLE_MAX_LENGTH
        }
    if not description:
        errors["description"] = _("Say what the new starter will do.")
    elif len(description) > PROJECT_TEXT_MAX_LENGTH:
        errors["description"] = _("Keep the description to %(limit)s characters.") % {
            "limit": PROJECT_TEXT_MAX_LENGTH
        }
    if not impact:
        errors["impact"] = _("Say why it matters: the impact is what makes it worth picking.")
    if not 1 <= capacity <= PROJECT_MAX_CAPACITY:
        errors["capacity"] = _("Between 1 and %(limit)s new starters at once.") % {
            "limit": PROJECT_MAX_CAPACITY
        }
    if errors:
        raise ValidationError(errors)
    return title, description, impact


def create_project(*, owner, title, description, impact, capacity=1):
    permissions.require(
        owner, rules.CREATE_PROJECT, None, _("Team leaders and managers keep the project list.")
    )
    title, description, impact = _clean_project(
        title=title, description=description, impact=impact, capacity=capacity
    )
    profile = getattr(owner, "profile", None)
    return NewStarterProject.objects.create(
        title=title,
        description=description,
        impact=impact,
        capacity=capacity,
        owner=owner,
        team_id=profile.team_id if profile else None,
    )


def edit_project(*, actor, project, title, description, impact, capacity, is_open):
    permissions.require(
        actor, rules.EDIT_PROJECT, project, _("Only the project's owner or a manager edits it.")
    )
    title, description, impact = _clean_project(
        title=title, description=description, impact=impact, capacity=capacity
    )
    project.title, project.description, project.impact = title, description, impact
    project.capacity, project.is_open = capacity, is_open
    project.save(update_fields=["title", "description", "impact", "capacity", "is_open"])
    return project


def _new_starters(today):
    cutoff = today - timedelta(weeks=NEW_STARTER_WEEKS)
    return Q(profile__start_date__gt=cutoff, profile__start_date__lte=today)


def possible_buddies(starter, today=None):
    """Colleagues in the starter's team who are past their own first weeks, least busy first."""
    today = today or timezone.localdate()
    profile = getattr(starter, "profile", None)
    if profile is None or profile.team_id is None:
        return User.objects.none()
    return (
        User.objects.filter(
            is_active=True,
            profile__team_id=profile.team_id,
            role__in=[Role.AGENT, Role.TEAM_LEADER],
        )
        .exclude(pk=starter.pk)
        .exclude(_new_starters(today))
        .select_related("profile")
        .annotate(
            buddying=Count(
                "buddy_projects", filter=Q(buddy_projects__state=ProjectAssignment.State.ACTIVE)
            )
        )
        # A peer first: team leaders buddy only when no agent is free.
        .order_by(
            Case(When(role=Role.AGENT, then=0), default=1), "buddying", "profile__display_name"
        )
    )


def propose_buddy(starter, today=None):
    return possible_buddies(starter, today).first()


def _tell(people, *, actor, assignment, message, key):
    for person in people:
        if person is not None:
            notify(
                recipient=person,
                verb=NotificationVerb.STARTER_PROJECT,
                actor=actor,
                target=assignment,
                message=message,
                url=assignment.project.get_absolute_url(),
                dedupe_key=f"{key}:{person.pk}",
            )


def take_project(*, starter, project, now=None):
    """A new starter picks an open project with room; they get a proposed buddy straight away."""
    permissions.require(
        starter,
        rules.TAKE_PROJECT,
        project,
        _(
            "Projects are offered to new starters in their first %(weeks)s weeks, "
            "while the project is open."
        )
        % {"weeks": NEW_STARTER_WEEKS},
    )
    now = now or timezone.now()
    try:
        with transaction.atomic():
            # Locked so two starters taking the last place cannot both get it.
            locked = NewStarterProject.objects.select_for_update().get(pk=project.pk)
            active = locked.assignments.filter(state=ProjectAssignment.State.ACTIVE).count()
            if active >= locked.capacity:
                raise ValidationError(
                    _("“%(title)s” is full for now. Pick another project."),
                    params={"title": locked.title},
                    code="full",
                )
            assignment = ProjectAssignment.objects.create(
                project=locked,
                starter=starter,
                buddy=propose_buddy(starter, timezone.localdate(now)),
                started_at=now,
            )
    except IntegrityError:
        if ProjectAssignment.objects.filter(
            starter=starter, state=ProjectAssignment.State.ACTIVE
        ).exists():
            message = _("You already have a project on the go. Finish or drop it first.")
        else:
            message = _("You have already worked on this project. Pick another one.")
        raise ValidationError(message, code="duplicate") from None
    _tell(
        [project.owner, assignment.buddy],
        actor=starter,
        assignment=assignment,
        message=lambda: (
            _("%(name)s started “%(title)s”") % {"name": _name(starter), "title": project.title}
        ),
        key=f"project-taken:{assignment.pk}",
    )
    return assignment


def assign_buddy(*, actor, assignment, buddy):
    permissions.require(
        actor,
        rules.ASSIGN_BUDDY,
        assignment,
        _("Only the project's owner or a manager chooses the buddy."),
    )
    if buddy.pk == assignment.starter_id:
        raise ValidationError(_("A new starter cannot be their own buddy."), code="self")
    if not buddy.is_active or rules.is_new_starter(buddy):
        raise ValidationError(
            _("Choose a buddy who is past their own first weeks."), code="new_buddy"
        )
    assignment.buddy = buddy
    assignment.save(update_fields=["buddy"])
    _tell(
        [buddy],
        actor=actor,
        assignment=assignment,
        message=lambda: (
            _("You are %(name)s's buddy on “%(title)s”")
            % {"name": _name(assignment.starter), "title": assignment.project.title}
        ),
        key=f"project-buddy:{assignment.pk}",
    )
    return assignment


def post_update(*, author, assignment, body, now=None):
    permissions.require(
        author,
        rules.POST_PROJECT_UPDATE,
        assignment,
        _("The new starter, their buddy and the owner post updates on a project in progress."),
    )
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write the update first.")}, code="empty")
    if len(body) > PROJECT_UPDATE_MAX_LENGTH:
        raise ValidationError(
            {
                "body": _("Keep an update to %(limit)s characters.")
                % {"limit": PROJECT_UPDATE_MAX_LENGTH}
            },
            code="too_long",
        )
    update = ProjectUpdate.objects.create(
        assignment=assignment, author=author, body=body, created_at=now or timezone.now()
    )
    _tell(
        [assignment.starter, assignment.buddy, assignment.project.owner],
        actor=author,
        assignment=assignment,
        message=lambda: (
            _("%(name)s posted an update on “%(title)s”")
            % {"name": _name(author), "title": assignment.project.title}
        ),
        key=f"project-update:{update.pk}",
    )
    return update


@transaction.atomic
def finish_project(*, starter, assignment, write_up, now=None):
    """Close the project with a write-up, shared in the New starters section of the feed."""
    permissions.require(
        starter, rules.FINISH_PROJECT, assignment, _("Only the new starter finishes their project.")
    )
    write_up = (write_up or "").strip()
    if not write_up:
        raise ValidationError(
            {"write_up": _("Write a few lines on what you did and what changed.")}, code="empty"
        )
    if len(write_up) > PROJECT_TEXT_MAX_LENGTH:
        raise ValidationError(
            {
                "write_up": _("Keep the write-up to %(limit)s characters.")
                % {"limit": PROJECT_TEXT_MAX_LENGTH}
            },
            code="too_long",
        )
    project = assignment.project
    post = feed_services.create_post(
        author=starter,
        section=Section.objects.get(slug=NEW_STARTERS),
        title=_("New-starter project: %(title)s") % {"title": project.title},
        body=write_up,
    )
    assignment.state = ProjectAssignment.State.FINISHED
    assignment.finished_at = now or timezone.now()
    assignment.write_up, assignment.post = write_up, post
    assignment.save(update_fields=["state", "finished_at", "write_up", "post"])
    _tell(
        [project.owner, assignment.buddy],
        actor=starter,
        assignment=assignment,
        message=lambda: (
            _("%(name)s finished “%(title)s” and wrote it up")
            % {"name": _name(starter), "title": project.title}
        ),
        key=f"project-finished:{assignment.pk}",
    )
    return assignment


def drop_project(*, starter, assignment):
    """The starter lets the project go (to pick another); the owner is told."""
    permissions.require(
        starter, rules.FINISH_PROJECT, assignment, _("Only the new starter drops their project.")
    )
    assignment.state = ProjectAssignment.State.DROPPED
    assignment.save(update_fields=["state"])
    _tell(
        [assignment.project.owner],
        actor=starter,
        assignment=assignment,
        message=lambda: (
            _("%(name)s dropped “%(title)s”")
            % {"name": _name(starter), "title": assignment.project.title}
        ),
        key=f"project-dropped:{assignment.pk}",
    )
    return assignment
