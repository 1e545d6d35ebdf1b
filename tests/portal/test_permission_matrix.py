"""Who may open which page and do which action, one row per page or action.

To cover a new page, add a ``Row`` to ``PAGES``: its URL (built from the context:
``ctx.me`` is the signed-in person or None, ``ctx.colleague`` another agent) and
what each role gets, usually through ``public``, ``signed_in`` or ``administrators``.
"""

from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from portal import permissions
from portal.models import Profile, Role

ANONYMOUS = "anonymous"
ROLES = [ANONYMOUS, *Role.values]
FIXTURE_FOR_ROLE = {
    Role.AGENT: "agent",
    Role.TEAM_LEADER: "team_leader",
    Role.MANAGER: "manager",
    Role.SUBMITTER: "submitter",
    Role.ADMINISTRATOR: "administrator",
}

# What a response may be.
OK = "200 OK"
DONE = "redirect after a successful action"
FORBIDDEN = "403 Forbidden"
SIGN_IN = "redirect to sign-in"
ADMIN_SIGN_IN = "redirect to the admin's sign-in"
HOME = "redirect to the home page"


def public(outcome=OK):
    return dict.fromkeys(ROLES, outcome)


def signed_in(outcome=OK):
    return {**dict.fromkeys(Role.values, outcome), ANONYMOUS: SIGN_IN}


def administrators(outcome=OK, *, others=FORBIDDEN):
    return {
        **dict.fromkeys(Role.values, others),
        Role.ADMINISTRATOR: outcome,
        ANONYMOUS: SIGN_IN,
    }


@dataclass(frozen=True)
class Row:
    name: str
    url: Any
    expect: dict
    method: str = "get"
    data: Any = None
    # For actions: did the action take effect? Checked against the outcome.
    took_effect: Any = None
    extra: dict = field(default_factory=dict)


def _colleague_form(ctx):
    return {
        "display_name": "Renamed Colleague",
        "job_title": "",
        "bio": "",
        "skills": "",
        "languages": "",
        "birthday_day": "",
        "birthday_month": "",
        "role": Role.AGENT,
        "site": ctx.colleague.site_id,
        "team": ctx.colleague.team_id,
        "department": ctx.colleague.department_id,
        "start_date": "",
    }


def _photo_form(ctx):
    return {"photo": ctx.image_upload("face.png")}


def _colleague_renamed(ctx):
    return Profile.objects.get(pk=ctx.colleague.pk).display_name == "Renamed Colleague"


def _colleague_has_photo(ctx):
    return bool(Profile.objects.get(pk=ctx.colleague.pk).photo)


PAGES = [
    Row("healthz", lambda ctx: reverse("healthz"), public()),
    Row("sign-in page", lambda ctx: reverse("account_login"), {**signed_in(HOME), ANONYMOUS: OK}),
    Row("password reset page", lambda ctx: reverse("account_reset_password"), public()),
    Row("home", lambda ctx: reverse("home"), signed_in()),
    Row("community index", lambda ctx: reverse("community:index"), signed_in()),
    Row("briefings index", lambda ctx: reverse("briefings:index"), signed_in()),
    Row("past briefings", lambda ctx: reverse("briefings:archive"), signed_in()),
    Row(
        "my briefing items",
        lambda ctx: reverse("briefings:my_items"),
        {
            **signed_in(FORBIDDEN),
            Role.SUBMITTER: OK,
            Role.MANAGER: OK,
            Role.ADMINISTRATOR: OK,
        },
    ),
    Row(
        "submit a briefing item",
        lambda ctx: reverse("briefings:new_item"),
        {
            **signed_in(FORBIDDEN),
            Role.SUBMITTER: OK,
            Role.MANAGER: OK,
            Role.ADMINISTRATOR: OK,
        },
    ),
    Row(
        "briefing review queue",
        lambda ctx: reverse("briefings:review_queue"),
        {**signed_in(FORBIDDEN), Role.MANAGER: OK, Role.ADMINISTRATOR: OK},
    ),
    Row(
        "briefing figures",
        lambda ctx: reverse("briefings:reports"),
        {**signed_in(FORBIDDEN), Role.MANAGER: OK, Role.ADMINISTRATOR: OK},
    ),
    Row("marketing calendar", lambda ctx: reverse("briefings:calendar"), signed_in()),
    Row(
        "add a campaign to the marketing calendar",
        lambda ctx: reverse("briefings:new_campaign"),
        {
            **signed_in(FORBIDDEN),
            Role.SUBMITTER: OK,
            Role.MANAGER: OK,
            Role.ADMINISTRATOR: OK,
        },
    ),
    Row("feedback index", lambda ctx: reverse("feedback:index"), signed_in()),
    Row("people directory", lambda ctx: reverse("people:directory"), signed_in()),
    Row(
        "a colleague's page",
        lambda ctx: reverse("people:detail", args=[ctx.colleague.pk]),
        signed_in(),
    ),
    Row(
        "edit my profile shortcut",
        lambda ctx: reverse("people:edit_own"),
        signed_in(DONE),
    ),
    Row(
        "edit my own profile",
        lambda ctx: reverse("people:edit", args=[ctx.me.pk if ctx.me else 1]),
        signed_in(),
    ),
    Row(
        "edit a colleague's profile (form)",
        lambda ctx: reverse("people:edit", args=[ctx.colleague.pk]),
        administrators(),
    ),
    Row(
        "edit a colleague's profile (save)",
        lambda ctx: reverse("people:edit", args=[ctx.colleague.pk]),
        administrators(DONE),
        method="post",
        data=_colleague_form,
        took_effect=_colleague_renamed,
    ),
    Row(
        "upload a photo to a colleague's profile",
        lambda ctx: reverse("people:photo", args=[ctx.colleague.pk]),
        administrators(DONE),
        method="post",
        data=_photo_form,
        took_effect=_colleague_has_photo,
    ),
    Row(
        "Django admin",
        lambda ctx: reverse("admin:index"),
        {**administrators(others=ADMIN_SIGN_IN), ANONYMOUS: ADMIN_SIGN_IN},
    ),
    Row(
        "the Django admin's sign-in, which hands over to the portal's",
        lambda ctx: reverse("admin:login") + "?next=/admin/",
        {**administrators(DONE), ANONYMOUS: SIGN_IN},
    ),
    Row("add a person", lambda ctx: reverse("people:add"), administrators()),
    Row("manage people", lambda ctx: reverse("people:manage"), administrators()),
    Row("import people", lambda ctx: reverse("people:import"), administrators()),
]

CASES = [
    pytest.param(row, role, id=f"{row.name} as {role}".replace(" ", "-"))
    for row in PAGES
    for role in ROLES
]


@pytest.fixture
def colleague(make_person):
    return make_person(Role.AGENT, display_name="Casey Colleague").profile


def _assert_outcome(response, outcome, url):
    location = response.get("Location", "")
    if outcome == OK:
        assert response.status_code == 200
    elif outcome == FORBIDDEN:
        assert response.status_code == 403
    elif outcome == SIGN_IN:
        assert response.status_code == 302
        assert location.startswith(reverse("account_login") + "?next=")
    elif outcome == ADMIN_SIGN_IN:
        assert response.status_code == 302
        assert location.startswith(reverse("admin:login") + "?next=")
    elif outcome == HOME:
        assert response.status_code == 302
        assert location == reverse("home")
    elif outcome == DONE:
        assert response.status_code == 302
        assert not location.startswith((reverse("account_login"), reverse("admin:login")))
    else:
        raise AssertionError(f"Unknown outcome {outcome!r}")


@pytest.mark.parametrize(("row", "role"), CASES)
def test_each_role_gets_what_the_matrix_says(
    row, role, request, client, colleague, image_upload, django_capture_on_commit_callbacks
):
    me = None if role == ANONYMOUS else request.getfixturevalue(FIXTURE_FOR_ROLE[role])
    if me is not None:
        client.force_login(me)
    ctx = SimpleNamespace(me=me, colleague=colleague, image_upload=image_upload)
    url = row.url(ctx)
    data = row.data(ctx) if row.data else None

    with django_capture_on_commit_callbacks(execute=True):
        response = getattr(client, row.method)(url, data, **row.extra)

    _assert_outcome(response, row.expect[role], url)
    if row.took_effect is not None:
        assert row.took_effect(ctx) == (row.expect[role] == DONE)


def test_every_row_says_what_each_role_gets():
    for row in PAGES:
        assert set(row.expect) == set(ROLES), row.name


# Actions, asked directly -------------------------------------------------------

EVERYONE = set(Role.values)
ACTIONS = {
    permissions.MANAGE_ORGANISATION: {Role.ADMINISTRATOR},
    permissions.MANAGE_PEOPLE: {Role.ADMINISTRATOR},
    permissions.VIEW_PEOPLE: EVERYONE,
    permissions.USE_MFA: EVERYONE,
    # Without a profile to edit, only administrators may edit "any" profile.
    permissions.EDIT_PROFILE: {Role.ADMINISTRATOR},
}


@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_can_answers_each_action_for_each_role(action, role, make_person):
    person = make_person(role)

    assert permissions.can(person, action) == (role in ACTIONS[action])


def test_every_action_the_portal_registers_is_in_the_table():
    # Other apps register their own actions and test them in their own suites.
    portal_actions = {
        action
        for action, rule in permissions._rules.items()
        if rule.__module__ == permissions.__name__
    }

    assert portal_actions == set(ACTIONS), "add the new action to ACTIONS"


@pytest.mark.parametrize("role", Role.values)
def test_everyone_may_edit_their_own_profile_but_only_administrators_anyone_elses(
    role, make_person, colleague
):
    person = make_person(role)

    assert permissions.can(person, permissions.EDIT_PROFILE, person.profile)
    assert permissions.can(person, permissions.EDIT_PROFILE, colleague) == (
        role == Role.ADMINISTRATOR
    )


@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_nobody_anonymous_or_deactivated_may_do_anything(action, make_person):
    deactivated = make_person(Role.ADMINISTRATOR)
    deactivated.is_active = False
    deactivated.save()

    assert not permissions.can(AnonymousUser(), action)
    assert not permissions.can(None, action)
    assert not permissions.can(deactivated, action)


@pytest.mark.parametrize("user", ["anonymous", "administrator"])
def test_an_unknown_action_raises_whoever_asks(user, administrator):
    person = AnonymousUser() if user == "anonymous" else administrator

    with pytest.raises(ValueError, match=r"people\.teleport"):
        permissions.can(person, "people.teleport")


def test_require_raises_permission_denied_with_a_message(agent):
    with pytest.raises(PermissionDenied, match="You do not have permission"):
        permissions.require(agent, permissions.MANAGE_PEOPLE)


def test_registering_an_action_twice_is_refused():
    with pytest.raises(ValueError, match="already registered"):
        permissions.register(permissions.VIEW_PEOPLE)(lambda user, obj: True)
