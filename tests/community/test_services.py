"""Posting, editing, deleting, pinning and marking posts seen, through the services."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from community import services
from community.models import MAX_PINNED, POST_BODY_MAX_LENGTH, Post, PostView
from portal.models import Role


def test_an_agent_posts_in_general(agent, general):
    post = services.create_post(author=agent, section=general, title=" Hi ", body=" Hello! ")

    post.refresh_from_db()
    assert (post.author, post.section, post.title, post.body) == (agent, general, "Hi", "Hello!")
    assert post.audience is None
    assert post.edited_at is None and post.deleted_at is None and not post.pinned


def test_an_agent_cannot_post_in_announcements(agent, announcements):
    with pytest.raises(PermissionDenied, match="Announcements"):
        services.create_post(author=agent, section=announcements, body="Free pizza!")
    assert not Post.objects.exists()


@pytest.mark.parametrize("role", [Role.TEAM_LEADER, Role.SUBMITTER])
def test_only_managers_and_administrators_post_in_announcements(make_person, announcements, role):
    with pytest.raises(PermissionDenied):
        services.create_post(author=make_person(role), section=announcements, body="News")


@pytest.mark.parametrize("role", [Role.MANAGER, Role.ADMINISTRATOR])
def test_managers_and_administrators_post_in_announcements(make_person, announcements, role):
    post = services.create_post(author=make_person(role), section=announcements, body="News")
    assert post.section == announcements


def test_the_hr_department_and_administrators_post_in_hr(hr_officer, administrator, hr):
    services.create_post(author=hr_officer, section=hr, body="Payday moves to Thursday.")
    services.create_post(author=administrator, section=hr, body="New holiday policy.")
    assert hr.posts.count() == 2


@pytest.mark.parametrize("role", [Role.AGENT, Role.MANAGER])
def test_people_outside_hr_cannot_post_in_hr(make_person, hr, role):
    with pytest.raises(PermissionDenied, match="HR department"):
        services.create_post(author=make_person(role), section=hr, body="Pay rise for all!")


def test_nobody_posts_in_a_section_they_cannot_see(agent, shenzhen_agent, shenzhen_section):
    with pytest.raises(PermissionDenied):
        services.create_post(author=agent, section=shenzhen_section, body="Hello Shenzhen")
    services.create_post(author=shenzhen_agent, section=shenzhen_section, body="你好")


@pytest.mark.parametrize("body", ["", "   \n\t  ", None])
def test_an_empty_post_is_rejected(agent, general, body):
    with pytest.raises(ValidationError, match="Write something"):
        services.create_post(author=agent, section=general, title="Only a title", body=body)
    assert not Post.objects.exists()


def test_a_post_over_the_length_limit_is_rejected(agent, general):
    with pytest.raises(ValidationError, match="at most"):
        services.create_post(author=agent, section=general, body="x" * (POST_BODY_MAX_LENGTH + 1))
    services.create_post(author=agent, section=general, body="x" * POST_BODY_MAX_LENGTH)


def test_a_chosen_audience_narrows_who_the_post_is_for(manager, general, shenzhen):
    post = services.create_post(
        author=manager, section=general, body="Night shift only", sites=[shenzhen], roles=["agent"]
    )
    assert list(post.audience.sites.all()) == [shenzhen]
    assert [r.role for r in post.audience.roles.all()] == ["agent"]


def test_editing_changes_the_text_and_marks_the_post_edited(agent, make_post):
    post = make_post(agent, title="Old", body="Old body")

    services.edit_post(actor=agent, post=post, title="New", body="New body")

    post.refresh_from_db()
    assert (post.title, post.body) == ("New", "New body")
    assert post.edited_at is not None


@pytest.mark.parametrize("editor", ["colleague", "manager", "administrator"])
def test_nobody_edits_someone_elses_post(agent, make_post, request, editor):
    post = make_post(agent, body="Mine")

    with pytest.raises(PermissionDenied, match="author"):
        services.edit_post(actor=request.getfixturevalue(editor), post=post, body="Theirs")
    post.refresh_from_db()
    assert post.body == "Mine" and post.edited_at is None


def test_an_edit_cannot_empty_a_post(agent, make_post):
    post = make_post(agent, body="Keep me")
    with pytest.raises(ValidationError):
        services.edit_post(actor=agent, post=post, body="  ")
    post.refresh_from_db()
    assert post.body == "Keep me"


def test_a_deleted_post_cannot_be_edited(agent, make_post):
    post = make_post(agent)
    services.delete_post(actor=agent, post=post)
    with pytest.raises(PermissionDenied):
        services.edit_post(actor=agent, post=post, body="Back from the dead")


def test_the_author_deletes_their_post_softly(agent, make_post):
    post = make_post(agent)

    services.delete_post(actor=agent, post=post)

    post.refresh_from_db()
    assert post.deleted_at is not None and post.deleted_by == agent


@pytest.mark.parametrize("deleter", ["colleague", "team_leader", "submitter"])
def test_non_moderators_cannot_delete_someone_elses_post(agent, make_post, request, deleter):
    post = make_post(agent)
    with pytest.raises(PermissionDenied):
        services.delete_post(actor=request.getfixturevalue(deleter), post=post)
    post.refresh_from_db()
    assert post.deleted_at is None


@pytest.mark.parametrize("moderator", ["manager", "administrator"])
def test_moderators_delete_anyones_post(agent, make_post, request, moderator):
    post = make_post(agent)
    actor = request.getfixturevalue(moderator)

    services.delete_post(actor=actor, post=post)

    post.refresh_from_db()
    assert post.deleted_by == actor


def test_deleting_twice_changes_nothing(agent, manager, make_post):
    post = make_post(agent)
    services.delete_post(actor=agent, post=post)
    first = Post.objects.get(pk=post.pk).deleted_at

    services.delete_post(actor=manager, post=post)

    post.refresh_from_db()
    assert (post.deleted_at, post.deleted_by) == (first, agent)


def test_a_manager_pins_and_unpins_an_announcement(manager, announcements, make_post):
    post = make_post(manager, section=announcements)

    services.pin_post(actor=manager, post=post)
    assert Post.objects.get(pk=post.pk).pinned

    services.unpin_post(actor=manager, post=post)
    assert not Post.objects.get(pk=post.pk).pinned


def test_agents_cannot_pin(agent, manager, announcements, make_post):
    post = make_post(manager, section=announcements)
    with pytest.raises(PermissionDenied):
        services.pin_post(actor=agent, post=post)


def test_only_announcements_can_be_pinned(agent, manager, make_post):
    post = make_post(agent)
    with pytest.raises(PermissionDenied, match="announcements"):
        services.pin_post(actor=manager, post=post)


def test_no_more_than_the_limit_of_posts_are_pinned(manager, announcements, make_post):
    for _ in range(MAX_PINNED):
        services.pin_post(actor=manager, post=make_post(manager, section=announcements))

    with pytest.raises(ValidationError, match="Unpin one first"):
        services.pin_post(actor=manager, post=make_post(manager, section=announcements))


def test_deleting_a_pinned_post_unpins_it(manager, announcements, make_post):
    post = make_post(manager, section=announcements)
    services.pin_post(actor=manager, post=post)

    services.delete_post(actor=manager, post=post)

    post.refresh_from_db()
    assert not post.pinned


def test_seeing_a_post_again_counts_once(agent, colleague, make_post):
    post = make_post(agent)
    # Two requests that both read the post before either wrote: both believe it unseen,
    # and the unique constraint, not a check first, keeps one row.
    first_read, second_read = Post.objects.get(pk=post.pk), Post.objects.get(pk=post.pk)

    services.mark_seen(user=colleague, posts=[first_read])
    services.mark_seen(user=colleague, posts=[second_read])

    assert PostView.objects.filter(post=post, user=colleague).count() == 1


def test_authors_do_not_count_as_having_seen_their_own_post(agent, make_post):
    post = make_post(agent)
    services.mark_seen(user=agent, posts=[post])
    assert not PostView.objects.exists()
