"""Reporting posts and moderating them: who may, what each person sees afterwards."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community import selectors, services
from community.models import ModerationAction, ModerationKind, Post, Report, ReportResolution
from portal import notifications
from portal.models import Notification, NotificationVerb, Role


@pytest.fixture
def signed_in(client):
    def sign_in(person):
        client.force_login(person)
        return client

    return sign_in


@pytest.fixture
def reported(agent, colleague, make_post):
    """A colleague's post that the agent reported as spam."""
    post = make_post(colleague, title="Cheap phones", body="DM me for cheap phones")
    services.report_post(reporter=agent, post=post, reason="spam", details="Selling stuff")
    return post


def feed_ids(user):
    return [post.pk for post in selectors.feed_for(user).posts]


# Reporting ----------------------------------------------------------------------------


def test_anyone_who_sees_a_post_can_report_it(reported, agent):
    report = Report.objects.get(post=reported)

    assert (report.reported_by, report.reason, report.details) == (agent, "spam", "Selling stuff")
    assert report.is_open


def test_reporting_twice_says_so_clearly(reported, agent):
    with pytest.raises(ValidationError, match="already reported this post"):
        services.report_post(reporter=agent, post=reported, reason="offensive")

    assert Report.objects.filter(post=reported).count() == 1


def test_the_database_allows_one_open_report_per_person_and_post(reported, agent):
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(post=reported, reported_by=agent, reason="spam")


def test_a_person_can_report_again_once_their_report_was_dismissed(reported, agent, manager):
    services.dismiss_reports(moderator=manager, post=reported)

    services.report_post(reporter=agent, post=reported, reason="offensive")

    assert Report.objects.filter(post=reported, resolved_at__isnull=True).count() == 1


def test_authors_cannot_report_their_own_post(colleague, make_post):
    post = make_post(colleague)

    with pytest.raises(PermissionDenied, match="your own post"):
        services.report_post(reporter=colleague, post=post, reason="spam")


def test_a_post_one_cannot_see_cannot_be_reported(agent, manager, shenzhen, make_post):
    post = make_post(manager, body="Shenzhen only", sites=[shenzhen])

    with pytest.raises(PermissionDenied):
        services.report_post(reporter=agent, post=post, reason="spam")


@pytest.mark.parametrize(
    ("reason", "details", "message"),
    [
        ("nonsense", "", "Choose what is wrong"),
        ("other", "   ", "Say what is wrong"),
        ("spam", "x" * 1001, "at most 1000 characters"),
    ],
)
def test_a_report_needs_a_known_reason_and_details_for_something_else(
    agent, colleague, make_post, reason, details, message
):
    post = make_post(colleague)

    with pytest.raises(ValidationError, match=message):
        services.report_post(reporter=agent, post=post, reason=reason, details=details)


def test_the_report_page_sends_a_report_and_confirms(signed_in, agent, colleague, make_post):
    post = make_post(colleague)
    client = signed_in(agent)

    assert reverse("community:report", args=[post.pk]) in client.get(post.get_absolute_url()).text
    response = client.post(
        reverse("community:report", args=[post.pk]), {"reason": "offensive"}, follow=True
    )

    assert "A moderator will look at the post" in response.text
    assert Report.objects.filter(post=post, reported_by=agent).exists()


def test_a_duplicate_report_keeps_the_form_and_explains(signed_in, reported, agent):
    response = signed_in(agent).post(
        reverse("community:report", args=[reported.pk]),
        {"reason": "other", "details": "Still selling"},
    )

    assert response.status_code == 200
    assert "You have already reported this post" in response.text
    assert "Still selling" in response.text


def test_reporting_a_post_one_cannot_see_is_not_found(
    signed_in, agent, manager, shenzhen, make_post
):
    post = make_post(manager, body="Shenzhen only", sites=[shenzhen])

    response = signed_in(agent).post(
        reverse("community:report", args=[post.pk]), {"reason": "spam"}
    )

    assert response.status_code == 404


def test_the_author_is_told_why_there_is_no_report_form(signed_in, colleague, make_post):
    post = make_post(colleague)

    response = signed_in(colleague).get(reverse("community:report", args=[post.pk]), follow=True)

    assert "edit or delete it instead" in response.text


# Who may moderate ---------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.AGENT, Role.TEAM_LEADER, Role.SUBMITTER])
def test_only_managers_and_administrators_moderate(make_person, reported, role):
    person = make_person(role)

    with pytest.raises(PermissionDenied):
        services.hide_post(moderator=person, post=reported, reason="Spam")
    with pytest.raises(PermissionDenied):
        services.dismiss_reports(moderator=person, post=reported)


def test_agents_cannot_open_the_queue_or_the_moderation_page(signed_in, agent, reported):
    client = signed_in(agent)

    assert client.get(reverse("community:moderation")).status_code == 403
    assert client.get(reverse("community:moderate", args=[reported.pk])).status_code == 403
    response = client.post(
        reverse("community:moderate", args=[reported.pk]), {"decision": "hide", "reason": "x"}
    )
    assert response.status_code == 403
    assert not Post.objects.get(pk=reported.pk).is_hidden


def test_moderators_get_a_reports_link_with_the_open_count(signed_in, agent, manager, reported):
    as_manager = signed_in(manager).get(reverse("community:index"))
    as_agent = signed_in(agent).get(reverse("community:index"))

    assert reverse("community:moderation") in as_manager.text
    assert '1<span class="visually-hidden"> post to review' in as_manager.text
    assert reverse("community:moderation") not in as_agent.text


# Hiding and restoring -----------------------------------------------------------------


def test_hiding_a_post_resolves_its_reports_records_and_tells_the_author(
    reported, manager, colleague, django_capture_on_commit_callbacks
):
    notifications.set_email_preference(user=colleague, verb=NotificationVerb.MODERATION, email=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.hide_post(moderator=manager, post=reported, reason="Selling is not allowed here.")

    reported.refresh_from_db()
    assert reported.is_hidden and reported.hidden_by == manager
    assert reported.hidden_reason == "Selling is not allowed here."
    assert not Report.objects.filter(post=reported, resolved_at__isnull=True).exists()
    assert Report.objects.get(post=reported).resolution == ReportResolution.HIDDEN
    action = ModerationAction.objects.get(post=reported)
    assert (action.moderator, action.action) == (manager, ModerationKind.HIDE)
    notification = Notification.objects.get(recipient=colleague)
    assert notification.verb == NotificationVerb.MODERATION
    assert "Selling is not allowed here." in notification.message
    assert notification.url == reported.get_absolute_url()
    assert [message.to for message in mail.outbox] == [[colleague.email]]


def test_a_hidden_post_leaves_feeds_for_everyone_but_its_author_and_moderators(
    reported, agent, colleague, manager, administrator
):
    services.hide_post(moderator=manager, post=reported, reason="Spam")

    assert reported.pk not in feed_ids(agent)
    assert reported.pk in feed_ids(colleague)
    assert reported.pk in feed_ids(manager)
    assert reported.pk in feed_ids(administrator)


def test_each_role_sees_the_hidden_post_page_as_it_should(
    signed_in, reported, agent, colleague, manager
):
    services.hide_post(moderator=manager, post=reported, reason="Selling <b>phones</b>")

    assert signed_in(agent).get(reported.get_absolute_url()).status_code == 404
    as_author = signed_in(colleague).get(reported.get_absolute_url())
    assert "A moderator hid this post" in as_author.text
    assert "Selling &lt;b&gt;phones&lt;/b&gt;" in as_author.text
    assert "Hid the post" not in as_author.text  # the moderation record is for moderators
    as_manager = signed_in(manager).get(reported.get_absolute_url())
    assert "Hidden by Morgan Manager" in as_manager.text
    assert "Hid the post" in as_manager.text and "only moderators see this" in as_manager.text


def test_the_feed_marks_a_hidden_post_for_its_author(signed_in, reported, colleague, manager):
    services.hide_post(moderator=manager, post=reported, reason="Spam")

    assert "Hidden by a moderator" in signed_in(colleague).get(reverse("community:index")).text


def test_hiding_needs_a_reason_and_happens_once(reported, manager):
    with pytest.raises(ValidationError, match="Give a reason"):
        services.hide_post(moderator=manager, post=reported, reason="  ")
    services.hide_post(moderator=manager, post=reported, reason="Spam")
    with pytest.raises(ValidationError, match="already hidden"):
        services.hide_post(moderator=manager, post=Post.objects.get(pk=reported.pk), reason="Spam")

    assert ModerationAction.objects.filter(post=reported).count() == 1


def test_a_stale_copy_cannot_hide_a_post_twice(reported, manager, administrator):
    stale = Post.objects.get(pk=reported.pk)
    services.hide_post(moderator=manager, post=reported, reason="Spam")

    with pytest.raises(ValidationError, match="already hidden"):
        services.hide_post(moderator=administrator, post=stale, reason="Also spam")

    assert Post.objects.get(pk=reported.pk).hidden_by == manager


def test_hiding_a_pinned_announcement_unpins_it(manager, administrator, announcements, make_post):
    post = make_post(manager, section=announcements)
    services.pin_post(actor=manager, post=post)

    services.hide_post(moderator=administrator, post=post, reason="Out of date")

    assert not Post.objects.get(pk=post.pk).pinned


def test_restoring_shows_the_post_again_and_tells_the_author(reported, agent, colleague, manager):
    services.hide_post(moderator=manager, post=reported, reason="Spam")

    services.restore_post(moderator=manager, post=reported, reason="It was a staff sale.")

    assert reported.pk in feed_ids(agent)
    assert not Post.objects.get(pk=reported.pk).hidden_reason
    assert [a.action for a in ModerationAction.objects.filter(post=reported)] == [
        ModerationKind.RESTORE,
        ModerationKind.HIDE,
    ]
    latest = Notification.objects.filter(recipient=colleague).first()
    assert "restored" in latest.message and "It was a staff sale." in latest.message


def test_restoring_needs_a_hidden_post_and_a_reason(reported, manager):
    with pytest.raises(ValidationError, match="not hidden"):
        services.restore_post(moderator=manager, post=reported, reason="Fine")
    services.hide_post(moderator=manager, post=reported, reason="Spam")
    with pytest.raises(ValidationError, match="Give a reason"):
        services.restore_post(moderator=manager, post=reported, reason="")


def test_dismissing_closes_the_reports_and_leaves_the_post_alone(
    reported, agent, colleague, manager
):
    services.dismiss_reports(moderator=manager, post=reported, reason="Staff sale, allowed")

    assert Report.objects.get(post=reported).resolution == ReportResolution.DISMISSED
    assert reported.pk in feed_ids(agent)
    assert not Notification.objects.filter(recipient=colleague).exists()
    with pytest.raises(ValidationError, match="no open reports"):
        services.dismiss_reports(moderator=manager, post=reported)


def test_the_moderation_page_hides_with_a_reason_and_returns_to_the_queue(
    signed_in, reported, manager
):
    client = signed_in(manager)
    page = client.get(reverse("community:moderate", args=[reported.pk]))
    assert "Selling stuff" in page.text and "Spam or advertising" in page.text

    response = client.post(
        reverse("community:moderate", args=[reported.pk]),
        {"decision": "hide", "reason": "No selling, please."},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == reverse("community:moderation")
    assert "The post is hidden" in response.text
    assert Post.objects.get(pk=reported.pk).is_hidden


def test_a_missing_reason_keeps_the_form_with_an_error(signed_in, reported, manager):
    response = signed_in(manager).post(
        reverse("community:moderate", args=[reported.pk]), {"decision": "hide", "reason": ""}
    )

    assert response.status_code == 200
    assert "Give a reason: the author is told why." in response.text
    assert not Post.objects.get(pk=reported.pk).is_hidden


def test_an_unknown_decision_is_a_bad_request(signed_in, reported, manager):
    response = signed_in(manager).post(
        reverse("community:moderate", args=[reported.pk]), {"decision": "delete", "reason": "x"}
    )

    assert response.status_code == 400


def test_the_moderation_page_only_returns_to_this_site(signed_in, reported, manager):
    response = signed_in(manager).post(
        reverse("community:moderate", args=[reported.pk]),
        {"decision": "dismiss", "next": "https://evil.example/"},
    )

    assert response.url == reverse("community:moderation")


def test_moderators_can_open_a_reported_post_outside_their_audience(
    signed_in, manager, shenzhen_agent, shenzhen, make_person, make_post
):
    author = make_person(Role.AGENT, site=shenzhen, team=None)
    post = make_post(author, body="For Shenzhen agents", sites=[shenzhen], roles=[Role.AGENT])
    services.report_post(reporter=shenzhen_agent, post=post, reason="offensive")

    assert signed_in(manager).get(post.get_absolute_url()).status_code == 200
    assert signed_in(manager).get(reverse("community:moderate", args=[post.pk])).status_code == 200


# The queue ----------------------------------------------------------------------------


def test_the_queue_groups_open_reports_by_post_oldest_first(
    agent, colleague, make_person, make_post, manager
):
    first = make_post(colleague, body="first reported")
    second = make_post(colleague, body="second reported")
    services.report_post(reporter=agent, post=first, reason="spam")
    services.report_post(reporter=agent, post=second, reason="offensive")
    services.report_post(reporter=make_person(), post=second, reason="offensive")
    services.report_post(reporter=make_person(), post=first, reason="other", details="Odd")
    dismissed = make_post(colleague, body="dismissed")
    services.report_post(reporter=agent, post=dismissed, reason="spam")
    services.dismiss_reports(moderator=manager, post=dismissed)

    queue = list(selectors.moderation_queue())

    assert [(post.pk, post.open_report_count) for post in queue] == [(first.pk, 2), (second.pk, 2)]
    assert [r.reason for r in queue[0].open_reports] == ["spam", "other"]
    assert selectors.open_report_count() == 2


def test_posts_nobody_reported_stay_out_of_the_queue(agent, colleague, make_post):
    make_post(colleague, body="an ordinary post")
    reported = make_post(colleague, body="reported")
    services.report_post(reporter=agent, post=reported, reason="spam")

    assert [post.pk for post in selectors.moderation_queue()] == [reported.pk]


def test_an_empty_queue_says_so(signed_in, manager):
    response = signed_in(manager).get(reverse("community:moderation"))

    assert response.status_code == 200 and "Nothing to review" in response.text


def test_the_queue_costs_the_same_queries_for_5_and_50_reported_posts(
    signed_in, manager, colleague, general, make_person
):
    reporters = [make_person() for _ in range(3)]
    client = signed_in(manager)

    def queries_for(count):
        Post.objects.all().delete()
        posts = Post.objects.bulk_create(
            Post(author=colleague, section=general, body=f"Post {n}") for n in range(count)
        )
        Report.objects.bulk_create(
            Report(post=post, reported_by=reporter, reason="spam", details="why")
            for post in posts
            for reporter in reporters
        )
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("community:moderation"))
        assert response.status_code == 200
        return len(queries)

    assert queries_for(5) == queries_for(50)
