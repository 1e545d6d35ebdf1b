import datetime

import pytest
from django.utils import timezone

from feedback import idea_services, knowledge_services
from feedback.models import Article, ArticleCategory
from portal.models import Role
from tests.feedback.voice_fixtures import *  # noqa: F403  (Q&A, focus group and scorecard fixtures)


@pytest.fixture
def billing_category(db):
    return ArticleCategory.objects.create(name="Billing and payments", review_interval_months=6)


@pytest.fixture
def knowledge_owner(make_person):
    return make_person(Role.SUBMITTER, display_name="Owen Owner")


@pytest.fixture
def make_article(manager, billing_category):
    """An article owned by ``owner`` (the manager by default), written through the service."""
    counter = iter(range(1, 1_000_000))

    def make(owner=None, *, title=None, body="Refunds go back to the original card.", **fields):
        number = next(counter)
        return knowledge_services.create_article(
            actor=manager,
            title=title or f"Article {number}",
            body=body,
            category=fields.pop("category", billing_category),
            owner=owner or manager,
            **fields,
        )

    return make


def bulk_articles(owner, category, count, *, review_by=None, flagged=False):
    """Many articles at once, for query-count tests."""
    now = timezone.now()
    review_by = review_by or timezone.localdate() + datetime.timedelta(days=90)
    return Article.objects.bulk_create(
        Article(
            title=f"Bulk article {i}",
            body=f"How to handle case number {i} on a call.",
            category=category,
            owner=owner,
            created_by=owner,
            created_at=now,
            updated_at=now,
            review_by=review_by,
            open_flag_count=1 if flagged else 0,
        )
        for i in range(count)
    )


@pytest.fixture
def colleague(make_person):
    return make_person(Role.AGENT, display_name="Casey Colleague")


@pytest.fixture
def post_idea(agent):
    """Post an idea (by ``agent`` unless told otherwise) through the service."""

    def post(author=None, *, title="Callback slots at peak times", category="customers", **extra):
        return idea_services.post_idea(
            author=author or agent,
            title=title,
            problem=extra.pop("problem", "The Monday queue is over 20 minutes."),
            proposal=extra.pop("proposal", "Offer a callback when the wait is long."),
            category=category,
            **extra,
        )

    return post


@pytest.fixture
def idea(post_idea):
    return post_idea()
