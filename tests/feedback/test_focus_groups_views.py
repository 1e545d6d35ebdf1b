"""The focus group pages: who sees a group, the adjustable proposal, answers, flat queries."""

import html
from datetime import UTC, datetime, timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone

from feedback import focus_group_selectors, focus_group_services
from feedback.models import FocusGroup, FocusGroupInvitation
from portal.models import Notification, Role
from tests.feedback.voice_fixtures import count_queries


def test_a_manager_schedules_a_group_and_lands_on_its_proposal(client, manager, make_person):
    make_person(Role.AGENT, display_name="Proposed Person")
    client.force_login(manager)
    when = (timezone.now() + timedelta(days=6)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("feedback:focus_group_new"),
        {"topic": "Rota", "meets_at": when, "place": "Room Taf", "size": 5},
        follow=True,
    )
    assert FocusGroup.objects.get().organiser == manager
    assert "Proposed invitees" in response.text
    assert "Proposed Person" in response.text
    assert "Untick anyone you do not want" in response.text


def test_a_failed_plan_opens_at_an_error_summary_linking_to_each_field_in_error(client, manager):
    client.force_login(manager)

    response = client.post(
        reverse("feedback:focus_group_new"), {"topic": "", "meets_at": "", "place": "", "size": 2}
    )

    page = response.text
    summary = page[page.index("sb-error-summary") : page.index('id="id_topic"')]
    # It takes the focus on arrival (no script needed), so the browser scrolls to it.
    assert 'role="alert" tabindex="-1" autofocus>' in summary
    assert page.count("autofocus") == 1
    topic_link = (
        '<a class="alert-link fw-normal" href="#id_topic">Topic: This field is required.</a>'
    )
    assert topic_link in summary
    assert 'href="#id_meets_at"' in summary and 'href="#id_place"' in summary
    assert 'href="#id_size">How many to invite: Invite at least 3 people' in summary
    assert not FocusGroup.objects.exists()


def test_a_good_plan_form_has_no_error_summary_to_focus(client, manager):
    client.force_login(manager)

    page = client.get(reverse("feedback:focus_group_new")).text

    assert "sb-error-summary" not in page and "autofocus" not in page


def test_the_organiser_adjusts_the_proposal_and_adds_someone_by_email(
    client, manager, make_group, make_person
):
    proposed = [make_person(Role.AGENT) for _ in range(3)]
    team_leader = make_person(Role.TEAM_LEADER, email="tl@example.com")
    group = make_group(size=3)
    client.force_login(manager)
    response = client.post(
        reverse("feedback:focus_group_invite", args=[group.pk]),
        {"people": [proposed[0].pk, proposed[2].pk], "extra_emails": "tl@example.com"},
        follow=True,
    )
    assert "3 people invited" in response.text
    assert set(group.invitations.values_list("person", flat=True)) == {
        proposed[0].pk,
        proposed[2].pk,
        team_leader.pk,
    }


def test_a_size_lowered_after_the_proposal_was_read_invites_nobody_and_says_why(
    client, manager, make_group, make_person, monkeypatch
):
    proposed = [make_person(Role.AGENT) for _ in range(4)]
    group = make_group(size=4)
    read_proposal = focus_group_selectors.propose_invitees

    def proposal_then_size_lowered(group_read):
        proposal = read_proposal(group_read)
        # The organiser's edit lands here, between reading the proposal and inviting.
        FocusGroup.objects.filter(pk=group.pk).update(size=3)
        return proposal

    monkeypatch.setattr(focus_group_selectors, "propose_invitees", proposal_then_size_lowered)
    client.force_login(manager)

    response = client.post(
        reverse("feedback:focus_group_invite", args=[group.pk]),
        {"people": [person.pk for person in proposed]},
    )

    assert response.status_code == 400
    assert (
        "Only 3 places are left, so nobody was invited: tick at most 3 people, or raise the size."
        in html.unescape(response.text)
    )
    assert not group.invitations.exists()


def test_an_unknown_email_keeps_the_ticks_and_invites_nobody(
    client, manager, make_group, make_person
):
    person = make_person(Role.AGENT)
    group = make_group(size=3)
    client.force_login(manager)
    response = client.post(
        reverse("feedback:focus_group_invite", args=[group.pk]),
        {"people": [person.pk], "extra_emails": "ghost@example.com"},
    )
    assert response.status_code == 400
    assert "ghost@example.com" in response.text
    assert f'value="{person.pk}" id="propose-{person.pk}" checked' in response.text
    assert not group.invitations.exists()


def test_a_full_list_offers_no_ticking_and_says_to_raise_the_size_instead(
    client, make_group, manager, make_person
):
    make_person(Role.AGENT, display_name="Would Be Proposed")
    group = make_group(size=3)
    focus_group_services.invite(
        actor=manager, group=group, people=[make_person(Role.AGENT) for _ in range(3)]
    )
    client.force_login(manager)

    page = html.unescape(client.get(group.get_absolute_url()).text)

    assert "Untick anyone" not in page
    assert 'name="people"' not in page
    assert "Would Be Proposed" not in page
    assert "Every place has an invitation: 3 sent." in page
    assert "You can still invite people by email, beyond the size." in page
    edit_url = reverse("feedback:focus_group_edit", args=[group.pk])
    assert f'To invite more, <a href="{edit_url}">raise the size</a>' in page


def test_sending_nothing_puts_the_cursor_in_the_email_box_with_the_reason(
    client, make_group, manager, make_person
):
    group = make_group(size=3)
    focus_group_services.invite(
        actor=manager, group=group, people=[make_person(Role.AGENT) for _ in range(3)]
    )
    client.force_login(manager)
    invite = reverse("feedback:focus_group_invite", args=[group.pk])

    response = client.post(invite, {"extra_emails": ""})

    assert response.status_code == 400
    box = str(response.context["invite_form"]["extra_emails"])
    assert "autofocus" in box and 'aria-invalid="true"' in box
    # The box keeps the focus: the summary above it does not take it away.
    assert response.text.count("autofocus") == 1
    assert "Add someone by email: nobody is proposed." in html.unescape(response.text)
    assert group.invitations.count() == 3


def test_unticking_everyone_proposed_asks_for_someone(client, make_group, manager, make_person):
    make_person(Role.AGENT, display_name="Would Be Proposed")
    group = make_group()
    client.force_login(manager)
    invite = reverse("feedback:focus_group_invite", args=[group.pk])

    response = client.post(invite, {"extra_emails": ""})

    assert response.status_code == 400
    assert "Tick at least one person, or add someone by email." in html.unescape(response.text)
    assert not group.invitations.exists()


def test_nobody_left_to_propose_offers_no_ticking_and_suggests_email(client, make_group, manager):
    group = make_group()
    client.force_login(manager)

    page = html.unescape(client.get(group.get_absolute_url()).text)

    assert "Untick anyone" not in page
    assert "Everyone eligible has taken part recently or is already invited." in page
    assert "raise the size" not in page


def test_only_invitees_and_managers_see_a_group(client, make_group, manager, agent, make_person):
    group = make_group()
    focus_group_services.invite(actor=manager, group=group, people=[agent])
    client.force_login(agent)
    assert client.get(group.get_absolute_url()).status_code == 200
    client.force_login(make_person(Role.AGENT))
    assert client.get(group.get_absolute_url()).status_code == 403


def test_an_invitee_declines_from_the_page(client, make_group, manager, agent):
    group = make_group()
    focus_group_services.invite(actor=manager, group=group, people=[agent])
    invitation = group.invitations.get()
    client.force_login(agent)
    response = client.post(
        reverse("feedback:focus_group_respond", args=[invitation.pk]),
        {"answer": "decline"},
        follow=True,
    )
    assert "the organiser knows you cannot come" in response.text
    invitation.refresh_from_db()
    assert invitation.response == FocusGroupInvitation.Response.DECLINED


def test_agents_cannot_see_hot_topics_or_schedule(client, agent):
    client.force_login(agent)
    assert client.get(reverse("feedback:hot_topics")).status_code == 403
    assert client.get(reverse("feedback:focus_group_new")).status_code == 403


def test_notes_and_themes_are_recorded_from_the_form(client, make_group, manager):
    group = make_group(days_ahead=-1)
    client.force_login(manager)
    response = client.post(
        reverse("feedback:focus_group_notes", args=[group.pk]),
        {"notes": "We talked about **rotas**.", "themes": "Rota changes, headsets\nParking"},
        follow=True,
    )
    assert "<strong>rotas</strong>" in response.text
    assert sorted(group.themes.values_list("name", flat=True)) == [
        "Parking",
        "Rota changes",
        "headsets",
    ]


def _groups_with_people(make_group, manager, people, count, offset=0):
    for number in range(count):
        group = make_group(days_ahead=-(number + offset) * 7 - 1, topic=f"Group {number}")
        FocusGroupInvitation.objects.bulk_create(
            FocusGroupInvitation(group=group, person=person) for person in people
        )
        focus_group_services.record_notes(
            actor=manager, group=group, notes="x", themes=[f"Theme {number}", "Rota"]
        )


def test_the_group_list_and_hot_topics_cost_the_same_queries_with_many_groups(
    client, make_group, manager, agent, colleague
):
    _groups_with_people(make_group, manager, [agent, colleague], 1)
    client.force_login(manager)
    few_list, _ = count_queries(lambda: client.get(reverse("feedback:focus_groups")))
    few_hot, _ = count_queries(lambda: client.get(reverse("feedback:hot_topics")))
    _groups_with_people(make_group, manager, [agent, colleague], 6, offset=1)
    many_list, response = count_queries(lambda: client.get(reverse("feedback:focus_groups")))
    assert response.text.count("Group ") == 7
    many_hot, response = count_queries(lambda: client.get(reverse("feedback:hot_topics")))
    assert "Theme 5" in response.text
    assert (many_list, many_hot) == (few_list, few_hot)


def test_an_agents_list_shows_only_their_groups_at_a_flat_cost(
    client, make_group, manager, agent, colleague
):
    _groups_with_people(make_group, manager, [agent], 1)
    _groups_with_people(make_group, manager, [colleague], 2, offset=3)
    client.force_login(agent)
    few, response = count_queries(lambda: client.get(reverse("feedback:focus_groups")))
    assert response.text.count("Group ") == 1
    _groups_with_people(make_group, manager, [agent], 5, offset=6)
    many, response = count_queries(lambda: client.get(reverse("feedback:focus_groups")))
    assert response.text.count("Group ") == 6
    assert many == few


def test_the_group_page_costs_the_same_queries_with_a_long_list(
    client, make_group, manager, make_person
):
    group = make_group(size=20)
    focus_group_services.invite(
        actor=manager, group=group, people=[make_person(Role.AGENT) for _ in range(2)]
    )
    client.force_login(manager)
    few, _ = count_queries(lambda: client.get(group.get_absolute_url()))
    for _ in range(10):
        make_person(Role.AGENT)
    focus_group_services.invite(
        actor=manager, group=group, people=[make_person(Role.AGENT) for _ in range(10)]
    )
    many, response = count_queries(lambda: client.get(group.get_absolute_url()))
    assert response.status_code == 200
    assert many == few


def test_the_group_list_puts_upcoming_groups_first_soonest_on_top_then_the_latest_past(
    client, manager, make_group
):
    for topic, days in [("Long ago", -10), ("Far ahead", 20), ("Last week", -2), ("Next", 3)]:
        make_group(topic=topic, meets_at=timezone.now() + timedelta(days=days))
    client.force_login(manager)

    page = client.get(reverse("feedback:focus_groups")).content.decode()

    order = ["Next", "Far ahead", "Last week", "Long ago"]
    positions = [page.index(f">{topic}<") for topic in order]
    assert positions == sorted(positions)


# Editing a group -------------------------------------------------------------------


def _local_minute(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_manager_edits_focus_group_topic_from_its_page(client, make_group, manager, agent):
    group = make_group()
    focus_group_services.invite(actor=manager, group=group, people=[agent])
    edit_url = reverse("feedback:focus_group_edit", args=[group.pk])
    client.force_login(manager)
    assert edit_url in client.get(group.get_absolute_url()).text
    form = client.get(edit_url).text
    assert 'value="Working patterns"' in form
    assert f'value="{_local_minute(group.meets_at)}"' in form

    response = client.post(
        edit_url,
        {
            "topic": "Rotas and breaks",
            "meets_at": _local_minute(group.meets_at),
            "place": "Room Taf",
            "size": 6,
        },
        follow=True,
    )

    assert "The group is updated." in response.text
    assert response.redirect_chain[-1][0] == group.get_absolute_url()
    group.refresh_from_db()
    assert (group.topic, group.size) == ("Rotas and breaks", 6)
    assert list(group.invitations.values_list("person", flat=True)) == [agent.pk]
    # Only the invitation itself: a new topic is not news for the people invited.
    assert Notification.objects.filter(recipient=agent).count() == 1


def test_moving_a_group_from_the_form_says_how_many_were_told(client, make_group, manager, agent):
    group = make_group()
    focus_group_services.invite(actor=manager, group=group, people=[agent])
    client.force_login(manager)
    later = group.meets_at + timedelta(days=1, hours=2)

    response = client.post(
        reverse("feedback:focus_group_edit", args=[group.pk]),
        {"topic": group.topic, "meets_at": _local_minute(later), "place": "Room Taf", "size": 4},
        follow=True,
    )

    assert "The group is updated; 1 person invited has been told." in response.text
    assert Notification.objects.filter(recipient=agent, message__contains="has moved from").exists()


def test_another_manager_moving_a_group_is_told_the_organiser_knows_too(
    client, make_group, manager, agent, make_person
):
    group = make_group()
    focus_group_services.invite(actor=manager, group=group, people=[agent])
    covering = make_person(Role.MANAGER)
    client.force_login(covering)
    edit_url = reverse("feedback:focus_group_edit", args=[group.pk])
    assert "So is the organiser, Morgan Manager." in client.get(edit_url).text
    later = group.meets_at + timedelta(days=1)

    response = client.post(
        edit_url,
        {"topic": group.topic, "meets_at": _local_minute(later), "place": "Room Taf", "size": 4},
        follow=True,
    )

    assert (
        "The group is updated; 1 person invited and the organiser, Morgan Manager, "
        "have been told." in response.text
    )
    assert Notification.objects.filter(recipient=manager, actor=covering).count() == 1


def test_moving_a_group_nobody_is_invited_to_yet_says_the_organiser_was_told(
    client, make_group, manager, make_person
):
    group = make_group()
    client.force_login(make_person(Role.MANAGER))

    response = client.post(
        reverse("feedback:focus_group_edit", args=[group.pk]),
        {
            "topic": group.topic,
            "meets_at": _local_minute(group.meets_at),
            "place": "Room Usk",
            "size": 4,
        },
        follow=True,
    )

    assert "The group is updated; the organiser, Morgan Manager, has been told." in response.text


def test_the_organiser_editing_is_not_promised_a_notice_to_themselves(client, make_group, manager):
    group = make_group()
    client.force_login(manager)
    assert (
        "So is the organiser"
        not in client.get(reverse("feedback:focus_group_edit", args=[group.pk])).text
    )


def test_a_size_below_the_list_is_shown_on_the_size_field_and_nothing_changes(
    client, make_group, manager, make_person
):
    group = make_group(size=5)
    focus_group_services.invite(
        actor=manager, group=group, people=[make_person(Role.AGENT) for _ in range(4)]
    )
    client.force_login(manager)

    response = client.post(
        reverse("feedback:focus_group_edit", args=[group.pk]),
        {
            "topic": "Breaks",
            "meets_at": _local_minute(group.meets_at),
            "place": "Room Taf",
            "size": 3,
        },
    )

    assert response.status_code == 200
    size_error = (
        html.unescape(response.text).split('id="id_size_error"')[1].split("</div></div>")[0]
    )
    assert (
        "4 people are already invited and have not declined: choose 4 or more, "
        "or take people off the list first." in size_error
    )
    assert 'value="Breaks"' in response.text
    group.refresh_from_db()
    assert (group.topic, group.size) == ("Working patterns", 5)


def test_invitees_and_other_staff_cannot_edit_a_group(
    client, make_group, manager, agent, team_leader, make_person
):
    group = make_group()
    focus_group_services.invite(actor=manager, group=group, people=[agent])
    edit_url = reverse("feedback:focus_group_edit", args=[group.pk])
    details = {"topic": "Hijacked", "meets_at": _local_minute(group.meets_at), "place": "X"}
    client.force_login(agent)
    assert edit_url not in client.get(group.get_absolute_url()).text
    for person in (agent, team_leader, make_person(Role.SUBMITTER, team=None)):
        client.force_login(person)
        assert client.get(edit_url).status_code == 403
        assert client.post(edit_url, {**details, "size": 4}).status_code == 403
    group.refresh_from_db()
    assert group.topic == "Working patterns"


def test_invalid_input_keeps_what_was_typed_and_shows_the_errors(client, make_group, manager):
    group = make_group()
    edit_url = reverse("feedback:focus_group_edit", args=[group.pk])
    client.force_login(manager)
    past = timezone.now() - timedelta(days=1)
    typed = {"topic": "Breaks", "meets_at": _local_minute(past), "place": "Room Usk, 2nd floor"}

    missing = client.post(edit_url, {**typed, "topic": "", "size": 40})
    too_early = client.post(edit_url, {**typed, "size": 5})

    page = html.unescape(missing.text)
    assert missing.status_code == 200
    assert "This field is required." in page
    assert "Invite at most 20 people, so that everyone gets a say in the time there is." in page
    assert 'value="Room Usk, 2nd floor"' in page and 'value="40"' in page
    page = html.unescape(too_early.text)
    assert "Choose a date and time in the future." in page
    assert 'value="Breaks"' in page and f'value="{_local_minute(past)}"' in page
    group.refresh_from_db()
    assert (group.topic, group.place, group.size) == ("Working patterns", "Room Taf", 4)


def test_a_group_that_has_met_offers_no_edit_and_sends_the_manager_back(
    client, make_group, manager
):
    group = make_group(days_ahead=-1)
    edit_url = reverse("feedback:focus_group_edit", args=[group.pk])
    client.force_login(manager)
    assert edit_url not in client.get(group.get_absolute_url()).text

    response = client.post(
        edit_url,
        {
            "topic": "Too late",
            "meets_at": _local_minute(timezone.now() + timedelta(days=1)),
            "place": "Room Taf",
            "size": 4,
        },
        follow=True,
    )

    assert response.redirect_chain[-1][0] == group.get_absolute_url()
    assert "This group has already met, so it can no longer be changed." in response.text
    group.refresh_from_db()
    assert group.topic == "Working patterns"


def test_a_date_in_year_9999_is_refused_with_a_message_not_a_server_error(
    client, make_group, manager, make_person, shenzhen
):
    group = make_group()
    # East of the manager typing it, that minute is already in year 10000.
    cai = make_person(site=shenzhen, team=None)
    focus_group_services.invite(actor=manager, group=group, people=[cai])
    edit_url = reverse("feedback:focus_group_edit", args=[group.pk])
    client.force_login(manager)

    response = client.post(
        edit_url,
        {"topic": group.topic, "meets_at": "9999-12-31T23:59", "place": group.place, "size": 8},
    )

    assert response.status_code == 200
    assert "Choose a date within the next two years." in html.unescape(response.text)
    group.refresh_from_db()
    assert group.meets_at.year < 9999


@time_machine.travel(datetime(2030, 3, 1, tzinfo=UTC))
def test_the_date_and_time_say_they_are_read_in_the_managers_own_zone(
    client, make_group, make_person, shenzhen
):
    shenzhen_manager = make_person(Role.MANAGER, site=shenzhen, team=None)
    group = make_group()
    client.force_login(shenzhen_manager)
    help_text = (
        "In your time zone, Shanghai, CST (UTC+8). Each person invited sees the time in their own."
    )

    assert help_text in html.unescape(client.get(reverse("feedback:focus_group_new")).text)
    edit_url = reverse("feedback:focus_group_edit", args=[group.pk])
    assert help_text in html.unescape(client.get(edit_url).text)

    client.post(
        edit_url,
        {"topic": group.topic, "meets_at": "2030-03-05T18:00", "place": group.place, "size": 4},
    )
    group.refresh_from_db()
    # 18:00 in Shenzhen, as the help text says, is 10:00 UTC.
    assert group.meets_at == datetime(2030, 3, 5, 10, 0, tzinfo=UTC)


def test_a_manager_on_a_site_in_london_is_told_the_time_is_read_in_london(client, manager):
    client.force_login(manager)
    page = html.unescape(client.get(reverse("feedback:focus_group_new")).text)
    assert "In your time zone, London, GMT." in page or "London, BST (UTC+1)." in page
