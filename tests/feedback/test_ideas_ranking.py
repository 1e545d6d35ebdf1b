"""The ranking managers can trust: the figures, each sort, the combined score, filters."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from feedback import idea_selectors as selectors
from feedback import idea_services
from feedback.models import Idea
from portal.models import Site

NOW = timezone.now()


def make_idea(author, *, title, supporters=0, comments=0, readers=0, days_old=0, **fields):
    """An idea with its figures set directly, as if that many people had acted."""
    return Idea.objects.create(
        author=author,
        title=title,
        problem="P",
        proposal="Q",
        category=fields.pop("category", "tools"),
        supporter_count=supporters,
        comment_count=comments,
        reader_count=readers,
        created_at=NOW - timedelta(days=days_old),
        **fields,
    )


def expected_score(idea):
    age = (NOW - idea.created_at).total_seconds() / 86400
    points = idea.supporter_count * 3 + idea.comment_count * 2 + idea.reader_count * 0.1
    return points / (age + 2) ** 1.2


def titles(ideas):
    return [idea.title for idea in ideas]


@pytest.fixture
def spread(agent):
    ideas = [
        make_idea(
            agent, title="old favourite", supporters=40, comments=10, readers=300, days_old=60
        ),
        make_idea(agent, title="rising", supporters=8, comments=3, readers=40, days_old=1),
        make_idea(agent, title="talked about", supporters=2, comments=25, readers=90, days_old=10),
        make_idea(agent, title="widely read", supporters=1, comments=1, readers=500, days_old=5),
        make_idea(agent, title="brand new", days_old=0),
    ]
    idea_services.refresh_popularity(now=NOW)
    return ideas


def test_the_combined_score_is_the_formula_the_page_explains(agent, spread):
    ranked = list(selectors.ideas_for(agent, sort="popular"))

    for idea in ranked:
        assert idea.score == pytest.approx(expected_score(idea), rel=1e-6)
    assert titles(ranked) == titles(sorted(spread, key=expected_score, reverse=True))
    assert titles(ranked)[0] == "rising"


@pytest.mark.parametrize(
    ("sort", "first", "last"),
    [
        ("supporters", "old favourite", "brand new"),
        ("comments", "talked about", "brand new"),
        ("readers", "widely read", "brand new"),
        ("newest", "brand new", "old favourite"),
        ("oldest", "old favourite", "brand new"),
    ],
)
def test_each_figure_sorts_the_list(agent, spread, sort, first, last):
    ranked = titles(selectors.ideas_for(agent, sort=sort))

    assert (ranked[0], ranked[-1]) == (first, last)


def test_an_unknown_sort_falls_back_to_the_combined_score(agent, spread):
    assert titles(selectors.ideas_for(agent, sort="nonsense")) == titles(
        selectors.ideas_for(agent, sort="popular")
    )


def test_merged_ideas_are_left_out_of_the_list(agent, spread):
    make_idea(agent, title="duplicate", merged_into=spread[0], merged_at=NOW)

    assert "duplicate" not in titles(selectors.ideas_for(agent))


def test_filters_by_status_category_and_the_authors_site(agent, make_person, shenzhen):
    shenzhen_agent = make_person(site=shenzhen, team=None)
    make_idea(agent, title="cardiff tools")
    make_idea(agent, title="cardiff planned", status="planned", status_reply="Yes")
    make_idea(shenzhen_agent, title="shenzhen wellbeing", category="wellbeing")

    assert titles(selectors.ideas_for(agent, status="planned")) == ["cardiff planned"]
    assert titles(selectors.ideas_for(agent, category="wellbeing")) == ["shenzhen wellbeing"]
    assert titles(selectors.ideas_for(agent, site=shenzhen)) == ["shenzhen wellbeing"]
    cardiff = Site.objects.get(name="Cardiff")
    assert set(titles(selectors.ideas_for(agent, site=cardiff))) == {
        "cardiff tools",
        "cardiff planned",
    }


def test_sorting_by_score_pages_through_every_idea_once(client, agent):
    for n in range(45):
        make_idea(agent, title=f"idea {n}", supporters=n % 7, readers=n, days_old=n % 9)
    idea_services.refresh_popularity(now=NOW)
    client.force_login(agent)

    seen = []
    for page in (1, 2, 3):
        response = client.get(reverse("feedback:ideas"), {"sort": "popular", "page": page})
        seen += [idea.title for idea in response.context["page"].object_list]

    assert len(seen) == len(set(seen)) == 45


def test_the_idea_list_costs_the_same_queries_for_10_and_100_ideas(client, agent, make_person):
    def open_list():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("feedback:ideas"), {"sort": "popular"})
        assert response.status_code == 200
        return len(queries)

    client.force_login(agent)
    authors = [make_person() for _ in range(5)]
    for n in range(10):
        make_idea(authors[n % 5], title=f"idea {n}", supporters=n)
    ten = open_list()
    for n in range(90):
        make_idea(authors[n % 5], title=f"more {n}", supporters=n)
    hundred = open_list()

    assert hundred == ten


def test_the_list_page_shows_the_figures_and_explains_the_score(client, agent):
    make_idea(agent, title="Second screens", supporters=12, comments=3, readers=77, days_old=2)
    client.force_login(agent)

    page = client.get(reverse("feedback:ideas")).content.decode()

    assert "Second screens" in page
    for figure in ("Supporters", "Comments", "Readers", "Age", "Score"):
        assert figure in page
    assert "3 for every supporter" in page and "power 1.2" in page


def test_bad_filter_values_show_every_idea_instead_of_an_error(client, agent):
    make_idea(agent, title="kept")
    client.force_login(agent)

    response = client.get(
        reverse("feedback:ideas"), {"status": "bogus", "site": "999", "page": "x"}
    )

    assert response.status_code == 200
    assert titles(response.context["page"].object_list) == ["kept"]


# The stored score ---------------------------------------------------------------------


def stored(idea):
    return Idea.objects.get(pk=idea.pk).popularity


def test_each_figure_that_changes_rescores_the_idea_at_once(idea, colleague, manager):
    from feedback import idea_services as services

    assert stored(idea) == 0
    services.support_idea(user=colleague, idea=idea)
    supported = stored(idea)
    services.record_reader(user=manager, idea=idea)
    read = stored(idea)
    comment = services.add_comment(author=manager, idea=idea, body="Yes please")
    commented = stored(idea)
    services.delete_comment(actor=manager, comment=comment)

    assert 0 < supported < read < commented
    assert stored(idea) == pytest.approx(read, rel=1e-3)
    services.withdraw_support(user=colleague, idea=idea)
    assert stored(idea) == pytest.approx(read - supported, rel=1e-2)


def test_the_scheduled_refresh_lets_every_live_idea_fall_as_it_ages(agent, spread):
    merged = make_idea(agent, title="merged away", supporters=9, days_old=3)
    Idea.objects.filter(pk=merged.pk).update(merged_into=spread[0], merged_at=NOW)
    before = {idea.pk: stored(idea) for idea in spread}

    told = idea_services.refresh_popularity(now=NOW + timedelta(days=10))

    assert told == len(spread)
    for idea in spread:
        assert stored(idea) == pytest.approx(
            expected_score(idea) * ((idea_age(idea) + 2) / (idea_age(idea) + 12)) ** 1.2,
            rel=1e-6,
        )
        assert stored(idea) <= before[idea.pk]
    assert stored(merged) == 0


def idea_age(idea):
    return (NOW - idea.created_at).total_seconds() / 86400


def test_the_task_refreshes_the_scores_and_beat_runs_it(agent, settings):
    from feedback.tasks import refresh_idea_popularity

    idea = make_idea(agent, title="waiting for its score", supporters=3)

    assert refresh_idea_popularity.delay().get() == 1
    assert stored(idea) > 0
    schedule = settings.CELERY_BEAT_SCHEDULE["feedback.refresh_idea_popularity"]
    assert schedule["task"] == "feedback.tasks.refresh_idea_popularity"
