"""The think tank's workflows and who may do what, through the services."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError

from feedback import idea_services as services
from feedback.models import Idea, IdeaComment, IdeaReader, IdeaStatus, IdeaSupport
from portal.models import Notification, NotificationVerb, Role


def fresh(idea):
    return Idea.objects.get(pk=idea.pk)


def test_an_agent_posts_an_idea_that_starts_as_new(agent, post_idea):
    idea = post_idea(title="  Second   screens  ", category="tools")

    assert idea.author == agent
    assert idea.title == "Second screens"
    assert idea.status == IdeaStatus.NEW
    assert (idea.supporter_count, idea.comment_count, idea.reader_count) == (0, 0, 0)


def test_an_idea_without_a_problem_or_proposal_is_refused_field_by_field(agent):
    with pytest.raises(ValidationError) as refused:
        services.post_idea(author=agent, title="Idea", problem=" ", proposal="", category="tools")

    assert set(refused.value.error_dict) == {"problem", "proposal"}
    assert not Idea.objects.exists()


def test_an_unknown_category_is_refused(agent):
    with pytest.raises(ValidationError) as refused:
        services.post_idea(author=agent, title="Idea", problem="P", proposal="Q", category="x")

    assert "category" in refused.value.error_dict


def test_supporting_twice_counts_one_supporter(idea, colleague):
    services.support_idea(user=colleague, idea=idea)
    services.support_idea(user=colleague, idea=idea)

    assert fresh(idea).supporter_count == 1
    assert IdeaSupport.objects.filter(idea=idea).count() == 1


def test_support_is_withdrawn_and_the_count_follows(idea, colleague):
    services.support_idea(user=colleague, idea=idea)
    services.withdraw_support(user=colleague, idea=idea)
    services.withdraw_support(user=colleague, idea=idea)

    assert fresh(idea).supporter_count == 0
    assert not IdeaSupport.objects.exists()


def test_authors_cannot_support_their_own_idea(idea, agent):
    with pytest.raises(PermissionDenied, match="your own idea"):
        services.support_idea(user=agent, idea=idea)


def test_a_declined_idea_takes_no_more_support(idea, manager, colleague):
    services.change_status(actor=manager, idea=idea, status="declined", reply="Not now, because.")

    with pytest.raises(PermissionDenied, match="declined"):
        services.support_idea(user=colleague, idea=idea)


def test_readers_are_counted_once_each_and_the_author_is_not_a_reader(
    idea, agent, colleague, manager
):
    assert services.record_reader(user=colleague, idea=idea) is True
    assert services.record_reader(user=colleague, idea=idea) is False
    assert services.record_reader(user=agent, idea=idea) is False
    services.record_reader(user=manager, idea=idea)

    assert fresh(idea).reader_count == 2
    assert IdeaReader.objects.filter(idea=idea).count() == 2


def test_the_stored_figures_equal_a_fresh_count_after_many_actions(idea, make_person, manager):
    people = [make_person() for _ in range(6)]
    for person in people:
        services.support_idea(user=person, idea=idea)
        services.record_reader(user=person, idea=idea)
        services.add_comment(author=person, idea=idea, body=f"Yes from {person.pk}")
    for person in people[:2]:
        services.withdraw_support(user=person, idea=idea)
    services.support_idea(user=people[0], idea=idea)
    services.delete_comment(actor=manager, comment=IdeaComment.objects.filter(idea=idea).first())

    stored = fresh(idea)
    assert stored.supporter_count == IdeaSupport.objects.filter(idea=idea).count() == 5
    assert stored.comment_count == IdeaComment.objects.filter(idea=idea).count() == 5
    assert stored.reader_count == IdeaReader.objects.filter(idea=idea).count() == 6


def test_a_comment_tells_the_author(idea, agent, colleague):
    comment = services.add_comment(author=colleague, idea=idea, body="**Yes** please")

    told = Notification.objects.get(recipient=agent)
    assert told.verb == NotificationVerb.IDEA_COMMENT
    assert told.url.endswith(f"#comment-{comment.pk}")


def test_an_empty_comment_is_refused(idea, colleague):
    with pytest.raises(ValidationError):
        services.add_comment(author=colleague, idea=idea, body="   ")
    assert fresh(idea).comment_count == 0


def test_only_the_author_or_a_manager_deletes_a_comment(idea, colleague, make_person, manager):
    comment = services.add_comment(author=colleague, idea=idea, body="Mine")
    with pytest.raises(PermissionDenied):
        services.delete_comment(actor=make_person(), comment=comment)

    services.delete_comment(actor=colleague, comment=comment)

    assert fresh(idea).comment_count == 0


@pytest.mark.parametrize("role", [Role.AGENT, Role.TEAM_LEADER, Role.SUBMITTER])
def test_only_managers_change_the_status(idea, make_person, role):
    with pytest.raises(PermissionDenied, match="Only managers"):
        services.change_status(actor=make_person(role), idea=idea, status="under_review", reply="")
    assert fresh(idea).status == IdeaStatus.NEW


@pytest.mark.parametrize("status", ["planned", "declined"])
def test_planning_or_declining_needs_a_public_reply(idea, manager, status):
    with pytest.raises(ValidationError) as refused:
        services.change_status(actor=manager, idea=idea, status=status, reply="  ")

    assert "reply" in refused.value.error_dict
    assert fresh(idea).status == IdeaStatus.NEW


def test_the_database_refuses_a_planned_idea_without_a_reply(idea):

    with pytest.raises(IntegrityError):
        Idea.objects.filter(pk=idea.pk).update(status="planned", status_reply="")


def test_moving_to_the_same_status_is_refused(idea, manager):
    with pytest.raises(ValidationError):
        services.change_status(actor=manager, idea=idea, status="new")


def test_a_status_change_tells_the_author_and_every_supporter_once(
    idea, agent, manager, make_person
):
    supporters = [make_person() for _ in range(3)]
    for person in supporters:
        services.support_idea(user=person, idea=idea)
    manager_supporter = manager
    services.support_idea(user=manager_supporter, idea=idea)

    change = services.change_status(
        actor=manager, idea=idea, status="planned", reply="Going live in March."
    )

    told = Notification.objects.filter(verb=NotificationVerb.IDEA_UPDATE)
    assert sorted(told.values_list("recipient_id", flat=True)) == sorted(
        [agent.pk, *(p.pk for p in supporters)]
    )
    assert all(n.message == "“Callback slots at peak times” is now planned" for n in told)
    assert change.reply == "Going live in March."
    stored = fresh(idea)
    assert (stored.status, stored.status_reply) == ("planned", "Going live in March.")


def test_only_managers_merge_ideas(post_idea, colleague, make_person):
    duplicate, keep = post_idea(), post_idea(colleague, title="Call back instead")

    with pytest.raises(PermissionDenied, match="Only managers"):
        services.merge_idea(actor=make_person(Role.TEAM_LEADER), duplicate=duplicate, into=keep)
    assert fresh(duplicate).merged_into is None


def test_a_merge_carries_supporters_once_readers_and_comments_over(
    post_idea, agent, colleague, manager, make_person
):
    duplicate = post_idea(agent, title="Call customers back")
    keep = post_idea(colleague, title="Callback slots")
    both, only_duplicate, only_keep = make_person(), make_person(), make_person()
    for person in (both, only_duplicate):
        services.support_idea(user=person, idea=duplicate)
        services.record_reader(user=person, idea=duplicate)
    for person in (both, only_keep):
        services.support_idea(user=person, idea=keep)
        services.record_reader(user=person, idea=keep)
    services.add_comment(author=both, idea=duplicate, body="From the duplicate")
    services.add_comment(author=only_keep, idea=keep, body="From the keeper")

    services.merge_idea(actor=manager, duplicate=duplicate, into=keep)

    keep, duplicate = fresh(keep), fresh(duplicate)
    supporters = set(keep.supports.values_list("user_id", flat=True))
    # The duplicate's author asked for the same thing, so they now support it.
    assert supporters == {both.pk, only_duplicate.pk, only_keep.pk, agent.pk}
    assert keep.supporter_count == 4
    assert keep.reader_count == 3
    assert keep.comment_count == 2
    assert set(keep.comments.values_list("body", flat=True)) == {
        "From the duplicate",
        "From the keeper",
    }
    assert duplicate.merged_into == keep and duplicate.merged_at is not None
    assert (duplicate.supporter_count, duplicate.comment_count) == (0, 0)
    told = set(
        Notification.objects.filter(
            verb=NotificationVerb.IDEA_UPDATE, message__contains="was merged into"
        ).values_list("recipient_id", flat=True)
    )
    assert told == {agent.pk, both.pk, only_duplicate.pk}


def test_the_author_of_the_idea_kept_does_not_become_its_own_supporter(
    post_idea, agent, colleague, manager
):
    duplicate = post_idea(agent)
    keep = post_idea(colleague)
    services.support_idea(user=colleague, idea=duplicate)

    services.merge_idea(actor=manager, duplicate=duplicate, into=keep)

    assert set(fresh(keep).supports.values_list("user_id", flat=True)) == {agent.pk}


def test_an_idea_cannot_be_merged_into_itself_or_into_a_merged_idea(post_idea, colleague, manager):
    first, second, third = post_idea(), post_idea(colleague), post_idea(colleague)
    with pytest.raises(ValidationError):
        services.merge_idea(actor=manager, duplicate=first, into=first)

    services.merge_idea(actor=manager, duplicate=second, into=third)
    with pytest.raises(ValidationError, match="merged into another"):
        services.merge_idea(actor=manager, duplicate=first, into=second)
    with pytest.raises(PermissionDenied, match="merged already"):
        services.merge_idea(actor=manager, duplicate=second, into=first)


def test_a_merged_idea_takes_no_support_comments_or_status(
    post_idea, colleague, manager, make_person
):
    duplicate, keep = post_idea(), post_idea(colleague)
    services.merge_idea(actor=manager, duplicate=duplicate, into=keep)
    duplicate = fresh(duplicate)

    with pytest.raises(PermissionDenied):
        services.support_idea(user=make_person(), idea=duplicate)
    with pytest.raises(PermissionDenied):
        services.add_comment(author=make_person(), idea=duplicate, body="Hello")
    with pytest.raises(PermissionDenied):
        services.change_status(actor=manager, idea=duplicate, status="under_review")
