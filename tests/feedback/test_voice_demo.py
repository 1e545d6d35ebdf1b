"""The demo data for Q&A, focus groups and scorecard champions: believable and safe to rerun."""

from feedback import sessions_demo as demo
from feedback.models import (
    FocusGroup,
    FocusGroupTheme,
    QandaSession,
    Question,
    ScorecardChampion,
    ScorecardInput,
    ScorecardMeeting,
    StraightTalkRequest,
)
from portal.models import Notification, Role, Team


def test_the_demo_seeds_every_channel_once_without_email(
    make_person,
    billing_team,
    mobile_team,
    cardiff,
    customer_service,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    make_person(Role.MANAGER, email=demo.MANAGER_EMAIL)
    make_person(Role.AGENT, email=demo.AGENT_EMAIL)
    broadband = Team.objects.create(
        name="Broadband Help", site=cardiff, department=customer_service
    )
    teams = [billing_team, mobile_team, broadband]
    for number in range(30):
        make_person(Role.AGENT, team=teams[number % 3])

    with django_capture_on_commit_callbacks(execute=True):
        seeded = (demo.seed_qanda(), demo.seed_focus_groups(), demo.seed_scorecards())
    assert seeded == (True, True, True)
    counts = [
        model.objects.count()
        for model in (QandaSession, Question, FocusGroup, FocusGroupTheme, ScorecardMeeting)
    ]
    assert (demo.seed_qanda(), demo.seed_focus_groups(), demo.seed_scorecards()) == (False,) * 3
    assert counts == [
        model.objects.count()
        for model in (QandaSession, Question, FocusGroup, FocusGroupTheme, ScorecardMeeting)
    ]

    past = QandaSession.objects.get(title=demo.PAST_QANDA_TITLE)
    assert past.is_published
    assert past.questions.filter(status=Question.Status.ANSWERED).count() == 5
    assert Question.objects.filter(is_anonymous=True, author__isnull=False).count() == 0
    upcoming = QandaSession.objects.get(title=demo.NEXT_QANDA_TITLE)
    assert upcoming.questions.filter(is_anonymous=True).exists()
    assert (
        FocusGroupTheme.objects.values("key").distinct().count() < FocusGroupTheme.objects.count()
    )
    assert FocusGroup.objects.filter(notes_recorded_at__isnull=True).count() == 2
    assert ScorecardChampion.objects.count() == 3
    assert ScorecardMeeting.objects.filter(status="published").count() == 1
    assert ScorecardInput.objects.exists()
    assert Notification.objects.exists()
    assert mailoutbox == []


def test_the_demo_raises_straight_talk_from_a_theme_and_a_question_once(
    make_person, billing_team, mobile_team, django_capture_on_commit_callbacks
):
    make_person(Role.MANAGER, email=demo.MANAGER_EMAIL)
    make_person(Role.AGENT, email=demo.AGENT_EMAIL)
    for number in range(20):
        make_person(Role.AGENT, team=(billing_team, mobile_team)[number % 2])
    with django_capture_on_commit_callbacks(execute=True):
        demo.seed_qanda()
        demo.seed_focus_groups()

    assert demo.seed_straight_talk_from_voice() is True
    assert demo.seed_straight_talk_from_voice() is False

    from_theme = StraightTalkRequest.objects.get(title=demo.THEME_RAISED_TITLE)
    from_question = StraightTalkRequest.objects.get(title=demo.QUESTION_RAISED_TITLE)
    assert isinstance(from_theme.origin, FocusGroupTheme)
    assert from_theme.origin.key == "rota changes"
    assert isinstance(from_question.origin, Question) and from_question.origin.is_anonymous
    assert StraightTalkRequest.objects.count() == 2
