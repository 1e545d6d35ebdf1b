import pytest

from feedback import idea_services
from portal.models import Role


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
