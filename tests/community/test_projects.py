"""New-starter projects: offered in the first weeks, one at a time, with a buddy and a write-up."""

import datetime
import importlib

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from community import project_selectors, project_services, rules
from community.models import (
    NEW_STARTERS,
    NewStarterProject,
    Post,
    ProjectAssignment,
)
from portal.models import Notification, NotificationVerb, Role


@pytest.fixture
def new_starters_section(builtin_sections):
    importlib.import_module("community.migrations.0010_new_starters_section").create_section(
        django_apps, None
    )


def weeks_ago(weeks, days=0):
    return timezone.localdate() - datetime.timedelta(weeks=weeks, days=days)


@pytest.fixture
def starter(make_person):
    return make_person(Role.AGENT, display_name="Nia Newbie", start_date=weeks_ago(2))


@pytest.fixture
def old_hand(make_person):
    """Same team, years in: the natural buddy."""
    return make_person(Role.AGENT, display_name="Olwen Oldhand", start_date=weeks_ago(200))


@pytest.fixture
def make_project(team_leader):
    def make(owner=None, **fields):
        fields.setdefault("title", "Rewrite the direct-debit article")
        fields.setdefault("description", "Plain English, five steps.")
        fields.setdefault("impact", "Fewer holds")
        return project_services.create_project(owner=owner or team_leader, **fields)

    return make


def test_someone_is_a_new_starter_for_twelve_weeks_after_their_start_date(make_person):
    assert rules.is_new_starter(make_person(start_date=weeks_ago(0)))
    assert rules.is_new_starter(make_person(start_date=weeks_ago(11, days=6)))
    assert not rules.is_new_starter(make_person(start_date=weeks_ago(12)))
    assert not rules.is_new_starter(make_person(start_date=None))
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert not rules.is_new_starter(make_person(start_date=tomorrow))


def test_team_leaders_and_managers_keep_projects_but_agents_do_not(
    make_project, team_leader, manager, agent
):
    assert make_project(team_leader).team_id == team_leader.profile.team_id
    assert make_project(manager).owner == manager
    with pytest.raises(PermissionDenied):
        make_project(agent)


def test_a_project_needs_a_title_a_description_and_its_impact(make_project):
    with pytest.raises(ValidationError) as refused:
        make_project(title=" ", description="", impact="", capacity=0)

    assert set(refused.value.message_dict) == {"title", "description", "impact", "capacity"}
    assert not NewStarterProject.objects.exists()


def test_a_new_starter_picks_a_project_and_gets_a_buddy_from_their_team(
    make_project, starter, old_hand, team_leader
):
    project = make_project()

    assignment = project_services.take_project(starter=starter, project=project)

    assert assignment.is_active and assignment.buddy == old_hand
    told = Notification.objects.filter(verb=NotificationVerb.STARTER_PROJECT)
    assert set(told.values_list("recipient", flat=True)) == {team_leader.pk, old_hand.pk}


def test_the_proposed_buddy_is_never_another_new_starter_and_the_least_busy_comes_first(
    make_project, starter, old_hand, make_person
):
    make_person(Role.AGENT, display_name="Aaron Alsonew", start_date=weeks_ago(3))
    busy = make_person(Role.AGENT, display_name="Bea Busy", start_date=weeks_ago(100))
    other_starter = make_person(Role.AGENT, start_date=weeks_ago(1))
    first = project_services.take_project(starter=other_starter, project=make_project(title="One"))
    project_services.assign_buddy(actor=first.project.owner, assignment=first, buddy=busy)

    proposed = project_services.propose_buddy(starter)

    assert proposed == old_hand  # Bea already buddies someone; Aaron is new himself


def test_people_past_their_first_weeks_are_not_offered_projects(make_project, old_hand):
    with pytest.raises(PermissionDenied, match="first 12 weeks"):
        project_services.take_project(starter=old_hand, project=make_project())


def test_a_closed_project_cannot_be_picked(make_project, starter, team_leader):
    project = make_project()
    project_services.edit_project(
        actor=team_leader,
        project=project,
        title=project.title,
        description=project.description,
        impact=project.impact,
        capacity=1,
        is_open=False,
    )

    with pytest.raises(PermissionDenied):
        project_services.take_project(starter=starter, project=project)


def test_a_new_starter_has_one_project_at_a_time(make_project, starter):
    project_services.take_project(starter=starter, project=make_project(title="One"))

    with pytest.raises(ValidationError, match="already have a project"):
        project_services.take_project(starter=starter, project=make_project(title="Two"))
    assert ProjectAssignment.objects.filter(starter=starter).count() == 1


def test_the_database_allows_one_active_project_per_starter(make_project, starter):
    project_services.take_project(starter=starter, project=make_project(title="One"))

    with pytest.raises(IntegrityError):
        ProjectAssignment.objects.create(project=make_project(title="Two"), starter=starter)


def test_a_full_project_turns_the_next_starter_away(make_project, starter, make_person):
    project = make_project(capacity=1)
    project_services.take_project(starter=starter, project=project)

    with pytest.raises(ValidationError, match="full"):
        project_services.take_project(
            starter=make_person(Role.AGENT, start_date=weeks_ago(1)), project=project
        )


def test_only_the_owner_or_a_manager_chooses_the_buddy_and_never_a_new_starter(
    make_project, starter, old_hand, agent, make_person, team_leader
):
    assignment = project_services.take_project(starter=starter, project=make_project())

    with pytest.raises(PermissionDenied):
        project_services.assign_buddy(actor=agent, assignment=assignment, buddy=agent)
    with pytest.raises(ValidationError, match="own buddy"):
        project_services.assign_buddy(actor=team_leader, assignment=assignment, buddy=starter)
    newbie = make_person(Role.AGENT, start_date=weeks_ago(1))
    with pytest.raises(ValidationError, match="past their own first weeks"):
        project_services.assign_buddy(actor=team_leader, assignment=assignment, buddy=newbie)
    project_services.assign_buddy(actor=team_leader, assignment=assignment, buddy=agent)
    assignment.refresh_from_db()
    assert assignment.buddy == agent


def test_the_starter_buddy_and_owner_post_updates_but_nobody_else(
    make_project, starter, old_hand, make_person
):
    assignment = project_services.take_project(starter=starter, project=make_project())

    project_services.post_update(author=starter, assignment=assignment, body="Draft done")
    project_services.post_update(author=old_hand, assignment=assignment, body="Looks good")
    with pytest.raises(PermissionDenied):
        project_services.post_update(
            author=make_person(Role.AGENT), assignment=assignment, body="Me too"
        )
    with pytest.raises(ValidationError):
        project_services.post_update(author=starter, assignment=assignment, body="  ")
    assert assignment.updates.count() == 2


def test_finishing_posts_the_write_up_in_the_new_starters_section(
    make_project, starter, new_starters_section, agent
):
    project = make_project()
    assignment = project_services.take_project(starter=starter, project=project)

    project_services.finish_project(
        starter=starter, assignment=assignment, write_up="Five steps instead of fourteen."
    )

    assignment.refresh_from_db()
    post = Post.objects.get()
    assert assignment.state == ProjectAssignment.State.FINISHED and assignment.post == post
    assert post.section.slug == NEW_STARTERS and post.author == starter
    assert project.title in post.title and "fourteen" in post.body
    # The starter can take another project now.
    project_services.take_project(starter=starter, project=make_project(title="Next"))


def test_only_the_starter_finishes_and_a_write_up_is_required(
    make_project, starter, team_leader, new_starters_section
):
    assignment = project_services.take_project(starter=starter, project=make_project())

    with pytest.raises(PermissionDenied):
        project_services.finish_project(starter=team_leader, assignment=assignment, write_up="x")
    with pytest.raises(ValidationError) as refused:
        project_services.finish_project(starter=starter, assignment=assignment, write_up=" ")
    assert "write_up" in refused.value.message_dict
    assert not Post.objects.exists()


# Pages ---------------------------------------------------------------------------------


def test_new_starters_are_offered_open_projects_and_others_are_not(
    client, make_project, starter, old_hand
):
    project = make_project()
    client.force_login(starter)
    response = client.get(project.get_absolute_url())
    assert "Pick this project" in response.text
    assert "pick one of the open projects" in client.get(reverse("projects:list")).text

    client.force_login(old_hand)
    assert "Pick this project" not in client.get(project.get_absolute_url()).text
    response = client.post(reverse("projects:take", args=[project.pk]))
    assert response.status_code == 403 and not ProjectAssignment.objects.exists()


def test_picking_finishing_and_reading_the_write_up_through_the_pages(
    client, make_project, starter, old_hand, new_starters_section
):
    project = make_project()
    client.force_login(starter)

    response = client.post(reverse("projects:take", args=[project.pk]), follow=True)
    assert "Olwen Oldhand is your buddy" in response.text
    assignment = ProjectAssignment.objects.get()
    client.post(reverse("projects:update", args=[assignment.pk]), {"body": "Halfway"})
    response = client.post(
        reverse("projects:finish", args=[assignment.pk]), {"write_up": "Done and dusted."}
    )

    post = Post.objects.get()
    assert response.url == post.get_absolute_url()
    assert "Done and dusted." in client.get(response.url).text


def test_a_full_project_leaves_the_list_of_projects_with_places(
    client, make_project, starter, agent
):
    project = make_project(capacity=1)
    project_services.take_project(starter=starter, project=project)
    client.force_login(agent)

    open_list = client.get(reverse("projects:list")).context["page"].object_list
    everything = client.get(reverse("projects:list"), {"show": "all"}).context["page"]

    assert project not in open_list and project in everything.object_list


def test_the_project_list_costs_the_same_queries_for_3_and_30_projects(
    client, make_project, agent, manager, make_person
):
    client.force_login(agent)

    def read():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("projects:list"), {"show": "all"}).status_code == 200
        return len(queries)

    def add(count):
        for number in range(count):
            project = make_project(manager, title=f"Project {number}", capacity=2)
            if number % 2:
                starter = make_person(Role.AGENT, start_date=weeks_ago(1))
                project_services.take_project(starter=starter, project=project)

    add(3)
    few = read()
    add(27)
    assert read() == few


def test_a_project_page_costs_the_same_queries_with_more_starters_and_updates(
    client, make_project, team_leader, make_person
):
    project = make_project(capacity=6)
    client.force_login(make_person(Role.AGENT))

    def add_starter():
        starter = make_person(Role.AGENT, start_date=weeks_ago(1))
        assignment = project_services.take_project(starter=starter, project=project)
        for number in range(3):
            project_services.post_update(author=starter, assignment=assignment, body=f"U{number}")

    def read():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(project.get_absolute_url()).status_code == 200
        return len(queries)

    add_starter()
    few = read()
    for _ in range(4):
        add_starter()
    assert read() == few


def test_project_selectors_count_places_left(make_project, starter):
    project = make_project(capacity=3)
    project_services.take_project(starter=starter, project=project)

    row = project_selectors.projects(show=project_selectors.ALL).get(pk=project.pk)

    assert row.active_count == 1 and row.places_left == 2


def test_an_empty_update_is_shown_back_under_the_right_starter(
    client, make_project, starter, make_person
):
    project = make_project(capacity=2)
    assignment = project_services.take_project(starter=starter, project=project)
    other = make_person(Role.AGENT, start_date=weeks_ago(1))
    project_services.take_project(starter=other, project=project)
    client.force_login(starter)

    response = client.post(reverse("projects:update", args=[assignment.pk]), {"body": " "})

    assert response.status_code == 400
    assert response.text.count("Write the update first.") == 1
    assert f'id="id_update_{assignment.pk}_body"' in response.text
    assert not assignment.updates.exists()


def test_a_starter_with_a_project_on_the_go_is_pointed_to_it_instead_of_offered_another(
    client, make_project, starter
):
    current = make_project(title="Tidy the welcome pack")
    other = make_project(title="Rewrite the refunds article")
    client.force_login(starter)
    assert "Pick this project" in client.get(other.get_absolute_url()).text
    project_services.take_project(starter=starter, project=current)

    page = client.get(other.get_absolute_url()).text

    assert "Pick this project" not in page
    assert "You already have a project on the go" in page
    assert current.get_absolute_url() in page


def test_the_demo_projects_progress_updates_talk_about_their_own_project(db, monkeypatch):
    from community import demo_people
    from portal import demo

    monkeypatch.setattr(demo, "seed_community", lambda: None)
    demo.seed_demo()

    updates = ProjectAssignment.objects.filter(state=ProjectAssignment.State.ACTIVE).values_list(
        "project__title", "updates__body"
    )
    assert len(updates) == 2
    for title, body in updates:
        assert "article" not in body, (title, body)
    assert demo_people.seed_projects() == 0
