"""The knowledge base's workflows and who may do each of them."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from feedback import knowledge_selectors, knowledge_services
from feedback.knowledge_services import add_months
from feedback.models import Article, ArticleCategory, ArticleFlag, ArticleVersion, FlagKind
from portal.models import Notification, NotificationVerb, Role


def reload(article):
    return Article.objects.get(pk=article.pk)


# Writing ---------------------------------------------------------------------------


def test_a_new_article_is_due_for_review_after_its_categorys_interval(manager, billing_category):
    billing_category.review_interval_months = 3
    billing_category.save()
    with time_machine.travel(datetime.datetime(2026, 5, 31, 10, tzinfo=datetime.UTC), tick=False):
        article = knowledge_services.create_article(
            actor=manager,
            title="Refund policy",
            body="Up to £50 on the call.",
            category=billing_category,
        )
    assert article.review_by == datetime.date(2026, 8, 31)
    assert article.owner == manager
    assert ArticleVersion.objects.filter(article=article, edited_by=manager).count() == 1


def test_adding_months_lands_on_the_last_day_of_a_shorter_month():
    assert add_months(datetime.date(2026, 8, 31), 6) == datetime.date(2027, 2, 28)
    assert add_months(datetime.date(2026, 11, 15), 2) == datetime.date(2027, 1, 15)


@pytest.mark.parametrize("role", [Role.MANAGER, Role.ADMINISTRATOR, Role.SUBMITTER])
def test_managers_administrators_and_departments_write_articles(
    make_person, billing_category, role
):
    writer = make_person(role)
    article = knowledge_services.create_article(
        actor=writer, title="Porting a number", body="Text PAC to 65075.", category=billing_category
    )
    assert article.owner == writer


@pytest.mark.parametrize("role", [Role.AGENT, Role.TEAM_LEADER])
def test_agents_and_team_leaders_do_not_write_articles(make_person, billing_category, role):
    with pytest.raises(PermissionDenied):
        knowledge_services.create_article(
            actor=make_person(role), title="My tips", body="Be nice.", category=billing_category
        )
    assert not Article.objects.exists()


def test_only_managers_make_someone_else_the_owner(submitter, agent, manager, billing_category):
    with pytest.raises(PermissionDenied):
        knowledge_services.create_article(
            actor=submitter, title="T", body="B", category=billing_category, owner=agent
        )
    article = knowledge_services.create_article(
        actor=manager, title="T", body="B", category=billing_category, owner=agent
    )
    assert article.owner == agent


@pytest.mark.parametrize(
    ("title", "body", "field"),
    [
        ("", "Body", "title"),
        ("   ", "Body", "title"),
        ("Title", "", "body"),
        ("x" * 161, "B", "title"),
    ],
)
def test_an_article_without_a_title_or_body_is_refused(
    manager, billing_category, title, body, field
):
    with pytest.raises(ValidationError) as error:
        knowledge_services.create_article(
            actor=manager, title=title, body=body, category=billing_category
        )
    assert field in error.value.error_dict
    assert not Article.objects.exists()


def test_a_review_date_in_the_past_is_refused(manager, billing_category):
    with pytest.raises(ValidationError) as error:
        knowledge_services.create_article(
            actor=manager,
            title="T",
            body="B",
            category=billing_category,
            review_by=timezone.localdate() - datetime.timedelta(days=1),
        )
    assert "review_by" in error.value.error_dict


def test_a_deactivated_person_cannot_own_an_article(manager, agent, billing_category):
    agent.is_active = False
    agent.save()
    with pytest.raises(ValidationError) as error:
        knowledge_services.create_article(
            actor=manager, title="T", body="B", category=billing_category, owner=agent
        )
    assert "owner" in error.value.error_dict


def test_an_agent_cannot_edit_an_article_they_do_not_own(make_article, agent, billing_category):
    article = make_article(title="Refund policy")
    with pytest.raises(PermissionDenied):
        knowledge_services.update_article(
            actor=agent,
            article=article,
            title="Refunds for everyone",
            body="Give them all back.",
            category=billing_category,
            review_by=None,
        )
    assert reload(article).title == "Refund policy"


def test_the_owner_edits_their_article_and_each_edit_is_kept(
    make_article, knowledge_owner, billing_category
):
    article = make_article(owner=knowledge_owner, body="Old text")
    knowledge_services.update_article(
        actor=knowledge_owner,
        article=article,
        title=article.title,
        body="New text",
        category=billing_category,
        review_by=article.review_by,
    )
    assert reload(article).body == "New text"
    assert list(
        ArticleVersion.objects.filter(article=article).order_by("pk").values_list("body", flat=True)
    ) == ["Old text", "New text"]


def test_an_owner_cannot_hand_their_article_to_someone_else(
    make_article, knowledge_owner, agent, billing_category
):
    article = make_article(owner=knowledge_owner)
    with pytest.raises(PermissionDenied):
        knowledge_services.update_article(
            actor=knowledge_owner,
            article=article,
            title=article.title,
            body=article.body,
            category=billing_category,
            review_by=None,
            owner=agent,
        )
    assert reload(article).owner == knowledge_owner


def test_a_manager_edits_and_reassigns_any_article(
    make_article, knowledge_owner, manager, agent, billing_category
):
    article = make_article(owner=knowledge_owner)
    knowledge_services.update_article(
        actor=manager,
        article=article,
        title="Handed over",
        body=article.body,
        category=billing_category,
        review_by=None,
        owner=agent,
    )
    article = reload(article)
    assert (article.title, article.owner) == ("Handed over", agent)


# Flags and questions ----------------------------------------------------------------


def test_any_agent_flags_an_article_and_the_owner_is_notified(make_article, knowledge_owner, agent):
    article = make_article(owner=knowledge_owner, title="Refund policy")
    flag = knowledge_services.flag_article(
        actor=agent, article=article, kind=FlagKind.OUT_OF_DATE, comment="The limit is £40 now."
    )
    assert reload(article).open_flag_count == 1
    notification = Notification.objects.get(recipient=knowledge_owner)
    assert notification.verb == NotificationVerb.KNOWLEDGE_FLAG
    assert "Refund policy" in notification.message and "out of date" in notification.message
    assert notification.url.endswith(f"#flag-{flag.pk}")


def test_flagging_the_same_article_twice_is_refused_and_counted_once(make_article, agent):
    article = make_article()
    knowledge_services.flag_article(actor=agent, article=article, kind=FlagKind.WRONG, comment="A")
    with pytest.raises(ValidationError, match="already flagged"):
        knowledge_services.flag_article(
            actor=agent, article=article, kind=FlagKind.UNCLEAR, comment="B"
        )
    assert ArticleFlag.objects.count() == 1
    assert reload(article).open_flag_count == 1


def test_a_flag_needs_a_comment_and_a_known_kind(make_article, agent):
    article = make_article()
    with pytest.raises(ValidationError) as error:
        knowledge_services.flag_article(
            actor=agent, article=article, kind=FlagKind.WRONG, comment=" "
        )
    assert "comment" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        knowledge_services.flag_article(actor=agent, article=article, kind="boring", comment="x")
    assert "kind" in error.value.error_dict
    assert not ArticleFlag.objects.exists()


def test_owners_do_not_flag_their_own_article(make_article, knowledge_owner):
    article = make_article(owner=knowledge_owner)
    with pytest.raises(PermissionDenied):
        knowledge_services.flag_article(
            actor=knowledge_owner, article=article, kind=FlagKind.WRONG, comment="Oops"
        )


def test_questions_are_counted_apart_and_do_not_mark_the_article_stale(make_article, agent):
    article = make_article()
    for text in ("Does it apply to business accounts?", "And to Shenzhen?"):
        knowledge_services.flag_article(
            actor=agent, article=article, kind=FlagKind.QUESTION, comment=text
        )
    article = reload(article)
    assert (article.open_flag_count, article.open_question_count) == (0, 2)
    assert not knowledge_selectors.knowledge_waiting_for(article.owner).exists()


def test_only_the_owner_or_a_manager_resolves_a_flag(
    make_article, knowledge_owner, agent, make_person
):
    article = make_article(owner=knowledge_owner)
    flag = knowledge_services.flag_article(
        actor=agent, article=article, kind=FlagKind.WRONG, comment="Wrong extension"
    )
    for outsider in (make_person(Role.AGENT), make_person(Role.TEAM_LEADER), agent):
        with pytest.raises(PermissionDenied):
            knowledge_services.resolve_flag(actor=outsider, flag=flag, reply="Fine")
    assert ArticleFlag.objects.get(pk=flag.pk).is_open
    assert reload(article).open_flag_count == 1


def test_resolving_a_flag_tells_whoever_raised_it(make_article, knowledge_owner, agent):
    article = make_article(owner=knowledge_owner, title="Fraud line")
    flag = knowledge_services.flag_article(
        actor=agent, article=article, kind=FlagKind.WRONG, comment="It is 4412 now"
    )
    knowledge_services.resolve_flag(actor=knowledge_owner, flag=flag, reply="Fixed, thank you!")
    flag.refresh_from_db()
    assert (flag.is_open, flag.resolved_by, flag.reply) == (
        False,
        knowledge_owner,
        "Fixed, thank you!",
    )
    assert reload(article).open_flag_count == 0
    told = Notification.objects.get(recipient=agent)
    assert told.verb == NotificationVerb.KNOWLEDGE_REPLY and "Fraud line" in told.message


def test_a_manager_answers_a_question_on_someone_elses_article(
    make_article, knowledge_owner, manager, agent
):
    article = make_article(owner=knowledge_owner)
    question = knowledge_services.flag_article(
        actor=agent, article=article, kind=FlagKind.QUESTION, comment="Is Switzerland included?"
    )
    knowledge_services.resolve_flag(actor=manager, flag=question, reply="No, it is not.")
    assert reload(article).open_question_count == 0
    assert "answered your question" in Notification.objects.get(recipient=agent).message


def test_a_flag_is_resolved_once_and_its_raiser_told_once(
    make_article, knowledge_owner, manager, agent
):
    article = make_article(owner=knowledge_owner)
    flag = knowledge_services.flag_article(
        actor=agent, article=article, kind=FlagKind.WRONG, comment="x"
    )
    knowledge_services.resolve_flag(actor=knowledge_owner, flag=flag, reply="Done")
    with pytest.raises(ValidationError, match="already answered"):
        knowledge_services.resolve_flag(actor=manager, flag=flag, reply="Me too")
    assert ArticleFlag.objects.get(pk=flag.pk).reply == "Done"
    assert Notification.objects.filter(recipient=agent).count() == 1


def test_a_reply_cannot_be_empty(make_article, knowledge_owner, agent):
    article = make_article(owner=knowledge_owner)
    flag = knowledge_services.flag_article(
        actor=agent, article=article, kind=FlagKind.WRONG, comment="x"
    )
    with pytest.raises(ValidationError) as error:
        knowledge_services.resolve_flag(actor=knowledge_owner, flag=flag, reply="   ")
    assert "reply" in error.value.error_dict
    assert ArticleFlag.objects.get(pk=flag.pk).is_open


def test_after_a_resolved_flag_the_same_person_may_flag_again(make_article, knowledge_owner, agent):
    article = make_article(owner=knowledge_owner)
    flag = knowledge_services.flag_article(
        actor=agent, article=article, kind=FlagKind.WRONG, comment="x"
    )
    knowledge_services.resolve_flag(actor=knowledge_owner, flag=flag, reply="Fixed")
    knowledge_services.flag_article(
        actor=agent, article=article, kind=FlagKind.UNCLEAR, comment="y"
    )
    assert reload(article).open_flag_count == 1


# Verifying -------------------------------------------------------------------------


def test_confirming_an_article_records_who_and_when_and_moves_the_review_date(
    make_article, knowledge_owner
):
    article = make_article(owner=knowledge_owner)
    moment = datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC)
    knowledge_services.verify_article(actor=knowledge_owner, article=article, now=moment)
    article = reload(article)
    assert article.verified_at == moment and article.verified_by == knowledge_owner
    assert article.review_by == datetime.date(2026, 9, 2)


def test_an_agent_cannot_confirm_an_article_they_do_not_own(make_article, agent):
    article = make_article()
    with pytest.raises(PermissionDenied):
        knowledge_services.verify_article(actor=agent, article=article)
    assert reload(article).verified_at is None


def test_an_article_with_open_flags_is_not_confirmed_until_they_are_answered(
    make_article, knowledge_owner, agent
):
    article = make_article(owner=knowledge_owner)
    flag = knowledge_services.flag_article(
        actor=agent, article=article, kind=FlagKind.WRONG, comment="x"
    )
    with pytest.raises(ValidationError, match="open flag"):
        knowledge_services.verify_article(actor=knowledge_owner, article=article)
    knowledge_services.resolve_flag(actor=knowledge_owner, flag=flag, reply="Checked, it is right.")
    knowledge_services.verify_article(actor=knowledge_owner, article=article)
    assert reload(article).verified_by == knowledge_owner


# Stale articles --------------------------------------------------------------------


def test_an_article_becomes_stale_the_day_after_its_review_date(
    make_article, knowledge_owner, agent
):
    with time_machine.travel(datetime.datetime(2026, 1, 10, 12, tzinfo=datetime.UTC), tick=False):
        article = make_article(owner=knowledge_owner, review_by=datetime.date(2026, 6, 1))
    with time_machine.travel(datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC), tick=False):
        assert not knowledge_selectors.knowledge_waiting_for(knowledge_owner).exists()
        assert not knowledge_selectors.article_list(agent, attention_only=True).exists()
        assert not knowledge_selectors.article_list(agent).get().overdue
    with time_machine.travel(datetime.datetime(2026, 6, 2, 0, 1, tzinfo=datetime.UTC), tick=False):
        assert list(knowledge_selectors.knowledge_waiting_for(knowledge_owner)) == [article]
        assert list(knowledge_selectors.article_list(agent, attention_only=True)) == [article]
        assert knowledge_selectors.article_list(agent).get().overdue
        knowledge_services.verify_article(actor=knowledge_owner, article=article)
        assert not knowledge_selectors.knowledge_waiting_for(knowledge_owner).exists()
        assert reload(article).review_by == datetime.date(2026, 12, 2)


def test_waiting_for_shows_owners_their_own_and_managers_everything(
    make_article, knowledge_owner, manager, agent, submitter
):
    flagged = make_article(owner=knowledge_owner, title="Flagged")
    knowledge_services.flag_article(actor=agent, article=flagged, kind=FlagKind.WRONG, comment="x")
    overdue = make_article(owner=submitter, title="Overdue")
    Article.objects.filter(pk=overdue.pk).update(
        review_by=timezone.localdate() - datetime.timedelta(days=3)
    )
    make_article(owner=knowledge_owner, title="Fine")

    assert list(knowledge_selectors.knowledge_waiting_for(knowledge_owner)) == [flagged]
    assert list(knowledge_selectors.knowledge_waiting_for(submitter)) == [overdue]
    assert list(knowledge_selectors.knowledge_waiting_for(manager)) == [flagged, overdue]
    assert not knowledge_selectors.knowledge_waiting_for(agent).exists()


# Audiences -------------------------------------------------------------------------


def test_an_article_for_shenzhen_is_hidden_from_cardiff_agents_but_not_its_owner(
    make_article, knowledge_owner, agent, make_person, shenzhen
):
    article = make_article(owner=knowledge_owner, sites=[shenzhen])
    shenzhen_agent = make_person(Role.AGENT, site=shenzhen, team=None)
    assert not knowledge_selectors.visible_articles(agent).filter(pk=article.pk).exists()
    assert knowledge_selectors.visible_articles(shenzhen_agent).filter(pk=article.pk).exists()
    assert knowledge_selectors.visible_articles(knowledge_owner).filter(pk=article.pk).exists()


# Categories ------------------------------------------------------------------------


def test_only_managers_and_administrators_manage_categories(agent, submitter, administrator):
    for person in (agent, submitter):
        with pytest.raises(PermissionDenied):
            knowledge_services.create_category(
                actor=person, name="Mobile", review_interval_months=6
            )
    category = knowledge_services.create_category(
        actor=administrator, name="Mobile", review_interval_months=3
    )
    assert category.review_interval_months == 3


def test_a_category_name_is_used_once_whatever_its_case(manager, billing_category):
    with pytest.raises(ValidationError, match="already a category"):
        knowledge_services.create_category(
            actor=manager, name="BILLING AND PAYMENTS", review_interval_months=6
        )
    assert ArticleCategory.objects.count() == 1


@pytest.mark.parametrize("months", [0, 37, None])
def test_a_review_interval_outside_one_to_thirty_six_months_is_refused(manager, months):
    with pytest.raises(ValidationError) as error:
        knowledge_services.create_category(
            actor=manager, name="Mobile", review_interval_months=months
        )
    assert "review_interval_months" in error.value.error_dict
