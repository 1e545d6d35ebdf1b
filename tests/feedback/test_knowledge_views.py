"""The knowledge base pages: what each person sees and may do, and what they cost."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from feedback import knowledge_services
from feedback.models import Article, ArticleFlag, FlagKind
from portal.models import Notification
from tests.feedback.conftest import bulk_articles

LIST = reverse("feedback:knowledge_list")


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_list_costs_the_same_queries_for_10_and_100_articles(
    client, agent, manager, billing_category
):
    client.force_login(agent)
    bulk_articles(manager, billing_category, 5, flagged=True)
    bulk_articles(manager, billing_category, 5)
    ten = count_queries(client, LIST)
    bulk_articles(manager, billing_category, 45, flagged=True)
    bulk_articles(manager, billing_category, 45, review_by=datetime.date(2020, 1, 1))
    assert count_queries(client, LIST) == ten
    assert count_queries(client, LIST + "?attention=1") <= ten


def test_search_costs_the_same_queries_for_10_and_100_matches(
    client, agent, manager, billing_category
):
    client.force_login(agent)
    bulk_articles(manager, billing_category, 10)
    ten = count_queries(client, LIST + "?q=handle+call")
    bulk_articles(manager, billing_category, 90)
    assert count_queries(client, LIST + "?q=handle+call") == ten


def test_the_review_queue_costs_the_same_queries_for_few_and_many_flags(
    client, manager, make_person, billing_category
):
    client.force_login(manager)
    flaggers = [make_person() for _ in range(3)]

    def flag_some(count):
        for article in bulk_articles(manager, billing_category, count):
            for person in flaggers:
                ArticleFlag.objects.create(
                    article=article, raised_by=person, kind=FlagKind.WRONG, comment="x"
                )
            Article.objects.filter(pk=article.pk).update(open_flag_count=len(flaggers))

    flag_some(2)
    few = count_queries(client, reverse("feedback:knowledge_queue"))
    flag_some(15)
    assert count_queries(client, reverse("feedback:knowledge_queue")) == few


def test_the_list_marks_overdue_and_flagged_articles(
    client, agent, make_article, knowledge_owner, make_person
):
    client.force_login(agent)
    late = make_article(owner=knowledge_owner, title="Direct debit failures")
    Article.objects.filter(pk=late.pk).update(review_by=datetime.date(2025, 1, 5))
    flagged = make_article(owner=knowledge_owner, title="Outage script")
    knowledge_services.flag_article(
        actor=make_person(), article=flagged, kind=FlagKind.WRONG, comment="x"
    )
    make_article(owner=knowledge_owner, title="Fresh article")

    page = client.get(LIST).content.decode()
    assert "Review overdue since 5 Jan 2025" in page
    assert "Flagged by 1 colleague" in page

    attention = client.get(LIST + "?attention=1").content.decode()
    assert "Direct debit failures" in attention and "Outage script" in attention
    assert "Fresh article" not in attention


def test_search_finds_an_article_by_a_word_in_its_body(client, agent, make_article):
    client.force_login(agent)
    make_article(title="Refund policy", body="Refunds go back to the original payment method.")
    make_article(title="Router reset", body="Off at the wall for thirty seconds.")
    page = client.get(LIST, {"q": "payment"}).content.decode()
    assert "Refund policy" in page and "Router reset" not in page


def test_an_htmx_page_change_gets_only_the_results(client, agent, make_article):
    client.force_login(agent)
    make_article(title="Refund policy")
    response = client.get(LIST, headers={"HX-Request": "true"})
    assert "Refund policy" in response.content.decode()
    assert "<html" not in response.content.decode()


def test_the_article_page_shows_who_verified_it_and_when(
    client, agent, make_article, knowledge_owner
):
    article = make_article(owner=knowledge_owner)
    moment = datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC)
    knowledge_services.verify_article(actor=knowledge_owner, article=article, now=moment)
    client.force_login(agent)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Verified on 2 Mar 2026 by Owen Owner" in page


def test_the_article_body_is_rendered_as_sanitised_markdown(client, agent, make_article):
    article = make_article(body="1. **Check** the outage map\n\n<script>alert(1)</script>")
    client.force_login(agent)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "<strong>Check</strong>" in page
    assert "<script>alert(1)" not in page


def test_an_agent_flags_an_article_from_its_page(client, agent, make_article, knowledge_owner):
    article = make_article(owner=knowledge_owner)
    client.force_login(agent)
    response = client.post(
        reverse("feedback:knowledge_flag", args=[article.pk]),
        {"kind": FlagKind.OUT_OF_DATE, "comment": "The limit changed in March."},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == article.get_absolute_url()
    page = response.content.decode()
    assert "is asked to check the article" in page
    assert "The limit changed in March." in page
    assert Notification.objects.filter(recipient=knowledge_owner).count() == 1


def test_a_flag_without_a_comment_shows_the_error_and_keeps_the_choice(client, agent, make_article):
    article = make_article()
    client.force_login(agent)
    response = client.post(
        reverse("feedback:knowledge_flag", args=[article.pk]),
        {"kind": FlagKind.UNCLEAR, "comment": ""},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Say what needs to change" in page
    assert re.search(r'<input[^>]*value="unclear"[^>]*checked', page)
    assert not ArticleFlag.objects.exists()


def test_a_second_flag_shows_why_it_was_refused_and_keeps_the_comment(client, agent, make_article):
    article = make_article()
    knowledge_services.flag_article(actor=agent, article=article, kind=FlagKind.WRONG, comment="x")
    client.force_login(agent)
    response = client.post(
        reverse("feedback:knowledge_flag", args=[article.pk]),
        {"kind": FlagKind.WRONG, "comment": "Still wrong, see the briefing"},
    )
    page = response.content.decode()
    assert "already flagged" in page and "Still wrong, see the briefing" in page
    assert ArticleFlag.objects.count() == 1


@pytest.mark.parametrize("name", ["feedback:knowledge_edit"])
def test_an_agent_cannot_open_the_edit_page_of_an_article_they_do_not_own(
    client, agent, make_article, name
):
    article = make_article()
    client.force_login(agent)
    assert client.get(reverse(name, args=[article.pk])).status_code == 403
    response = client.post(reverse(name, args=[article.pk]), {"title": "Mine now", "body": "x"})
    assert response.status_code == 403
    assert Article.objects.get(pk=article.pk).title != "Mine now"


def test_an_agent_cannot_reply_to_a_flag_or_confirm_an_article(
    client, agent, make_article, make_person
):
    article = make_article()
    flag = knowledge_services.flag_article(
        actor=make_person(), article=article, kind=FlagKind.WRONG, comment="x"
    )
    client.force_login(agent)
    assert (
        client.post(
            reverse("feedback:knowledge_reply", args=[flag.pk]), {"reply": "ok"}
        ).status_code
        == 403
    )
    assert client.post(reverse("feedback:knowledge_verify", args=[article.pk])).status_code == 403
    assert ArticleFlag.objects.get(pk=flag.pk).is_open


def test_the_owner_replies_from_the_review_queue(client, agent, make_article, knowledge_owner):
    article = make_article(owner=knowledge_owner, title="Fraud line")
    flag = knowledge_services.flag_article(
        actor=agent, article=article, kind=FlagKind.WRONG, comment="4412 now"
    )
    client.force_login(knowledge_owner)
    queue = client.get(reverse("feedback:knowledge_queue")).content.decode()
    assert "Fraud line" in queue and "4412 now" in queue
    response = client.post(
        reverse("feedback:knowledge_reply", args=[flag.pk]),
        {"reply": "Updated, thanks", "next": "queue"},
    )
    assert response.url == reverse("feedback:knowledge_queue")
    assert not ArticleFlag.objects.get(pk=flag.pk).is_open
    assert (
        "Nothing waiting for you"
        in client.get(reverse("feedback:knowledge_queue")).content.decode()
    )


def test_an_empty_reply_shows_an_error(client, agent, make_article, knowledge_owner):
    article = make_article(owner=knowledge_owner)
    flag = knowledge_services.flag_article(
        actor=agent, article=article, kind=FlagKind.WRONG, comment="x"
    )
    client.force_login(knowledge_owner)
    response = client.post(reverse("feedback:knowledge_reply", args=[flag.pk]), {"reply": ""})
    assert response.status_code == 200
    assert "Write a reply" in response.content.decode()


def test_confirming_with_open_flags_explains_why_not(client, agent, make_article, knowledge_owner):
    article = make_article(owner=knowledge_owner)
    knowledge_services.flag_article(actor=agent, article=article, kind=FlagKind.WRONG, comment="x")
    client.force_login(knowledge_owner)
    response = client.post(reverse("feedback:knowledge_verify", args=[article.pk]), follow=True)
    assert "Answer the open flag first" in response.content.decode()
    assert Article.objects.get(pk=article.pk).verified_at is None


def test_a_manager_writes_an_article_through_the_form(client, manager, billing_category, agent):
    client.force_login(manager)
    response = client.post(
        reverse("feedback:knowledge_new"),
        {
            "title": "Password reset",
            "category": billing_category.pk,
            "body": "1. Pass security\n2. Send the link",
            "owner_email": agent.email,
        },
    )
    article = Article.objects.get()
    assert response.url == article.get_absolute_url()
    assert article.owner == agent
    assert article.review_by > timezone.localdate()


def test_an_unknown_owner_email_is_refused_and_the_text_is_kept(client, manager, billing_category):
    client.force_login(manager)
    response = client.post(
        reverse("feedback:knowledge_new"),
        {
            "title": "Password reset",
            "category": billing_category.pk,
            "body": "My carefully written steps",
            "owner_email": "nobody@example.com",
        },
    )
    page = response.content.decode()
    assert "Nobody working here has that email address." in page
    assert "My carefully written steps" in page
    assert not Article.objects.exists()


def test_agents_see_no_write_button_and_cannot_write(client, agent, billing_category):
    client.force_login(agent)
    assert "Write an article" not in client.get(LIST).content.decode()
    assert client.get(reverse("feedback:knowledge_new")).status_code == 403


def test_categories_are_managed_by_managers_only(client, agent, manager):
    client.force_login(agent)
    assert client.get(reverse("feedback:knowledge_categories")).status_code == 403
    client.force_login(manager)
    response = client.post(
        reverse("feedback:knowledge_categories"),
        {"name": "Mobile", "review_interval_months": 4},
        follow=True,
    )
    assert "Category “Mobile” added." in response.content.decode()
    response = client.post(
        reverse("feedback:knowledge_categories"), {"name": "mobile", "review_interval_months": 4}
    )
    assert "There is already a category called" in response.content.decode()


def test_the_main_navigation_leads_to_the_knowledge_base(client, agent):
    client.force_login(agent)
    page = client.get(LIST).content.decode()
    assert f'href="{LIST}" aria-current="page"' in page
    feedback = reverse("feedback:index")
    assert f'href="{feedback}" aria-current="page"' not in page
    assert f'href="{feedback}" aria-current="page"' in client.get(feedback).content.decode()


def test_search_can_be_narrowed_to_articles_that_need_attention(client, agent, make_article):
    client.force_login(agent)
    late = make_article(title="Refunds by card", body="Refund to the original card.")
    Article.objects.filter(pk=late.pk).update(review_by=datetime.date(2025, 1, 5))
    make_article(title="Refunds by cheque", body="Refund by cheque takes a week.")
    page = client.get(LIST, {"q": "refund", "attention": "1"}).content.decode()
    assert "Refunds by card" in page and "Refunds by cheque" not in page


def test_the_owner_edits_through_the_form_and_the_review_date_stays(
    client, make_article, knowledge_owner, billing_category
):
    article = make_article(owner=knowledge_owner, body="Old steps")
    client.force_login(knowledge_owner)
    edit = reverse("feedback:knowledge_edit", args=[article.pk])
    assert "Owner's email address" not in client.get(edit).content.decode()
    response = client.post(
        edit,
        {
            "title": article.title,
            "category": billing_category.pk,
            "body": "New steps",
            "review_by": article.review_by.isoformat(),
        },
    )
    assert response.url == article.get_absolute_url()
    saved = Article.objects.get(pk=article.pk)
    assert (saved.body, saved.review_by, saved.owner) == (
        "New steps",
        article.review_by,
        knowledge_owner,
    )


def test_while_their_flag_waits_an_agent_is_offered_a_question_only(client, agent, make_article):
    article = make_article()
    knowledge_services.flag_article(actor=agent, article=article, kind=FlagKind.WRONG, comment="x")
    client.force_login(agent)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "the owner has not replied yet" in page
    assert 'value="question"' in page and 'value="wrong"' not in page
    response = client.post(
        reverse("feedback:knowledge_flag", args=[article.pk]),
        {"kind": FlagKind.WRONG, "comment": "Another flag"},
    )
    assert "already flagged this article" in response.content.decode()
    assert ArticleFlag.objects.count() == 1


def test_the_list_is_alphabetical_whatever_the_capitals(client, agent, make_article):
    for title in ["CRM is slow", "call recording consent", "Billing disputes"]:
        make_article(title=title)
    client.force_login(agent)

    page = client.get(LIST).content.decode()

    positions = [page.index(title) for title in ["Billing", "call recording", "CRM is slow"]]
    assert positions == sorted(positions)
