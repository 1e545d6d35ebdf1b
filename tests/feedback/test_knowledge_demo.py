"""The knowledge base's demo data: believable and safe to load twice."""

import pytest
from django.utils import timezone

from feedback.knowledge_demo import seed_knowledge_base
from feedback.models import Article, ArticleFlag, FlagKind
from portal import demo


@pytest.fixture
def demo_people(db, monkeypatch):
    monkeypatch.setattr(demo, "seed_community", lambda: None)
    demo.seed_demo()


def test_the_demo_has_articles_in_every_state_and_loads_once(demo_people):
    today = timezone.localdate()
    assert 25 <= Article.objects.count() <= 40
    assert Article.objects.filter(review_by__lt=today).count() >= 3
    assert Article.objects.filter(open_flag_count__gt=0).count() >= 3
    assert Article.objects.filter(verified_at__isnull=False).count() >= 3
    assert ArticleFlag.objects.filter(kind=FlagKind.QUESTION, resolved_at__isnull=True).exists()
    assert ArticleFlag.objects.filter(resolved_at__isnull=False).exists()
    assert Article.objects.values("owner").distinct().count() >= 5

    count = Article.objects.count()
    assert seed_knowledge_base() is None
    assert Article.objects.count() == count
