"""The marketing calendar: who adds and changes campaigns, the month view, "Coming up"."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from briefings import calendar_services
from briefings.calendar_selectors import campaigns_starting_soon
from briefings.models import Campaign, Channel, Volume
from portal.models import Department, Role
from tests.briefings.conftest import at

D = datetime.date
SPRING_SALE_STARTS = D(2026, 3, 16)


@pytest.fixture
def product(db):
    return Department.objects.create(name="Product")


@pytest.fixture
def make_campaign(submitter, marketing):
    def make(title="Spring sale", *, author=None, starts_on=SPRING_SALE_STARTS, days=7, **fields):
        fields.setdefault("channels", [Channel.EMAIL, Channel.SOCIAL])
        fields.setdefault("volume", Volume.HIGH)
        fields.setdefault("department", marketing)
        return calendar_services.create_campaign(
            author=author or submitter,
            title=title,
            starts_on=starts_on,
            ends_on=starts_on + datetime.timedelta(days=days - 1),
            **fields,
        )

    return make


def form_data(department, **overrides):
    data = {
        "title": "Broadband price rise letters",
        "department": department.pk,
        "starts_on": "2026-03-16",
        "ends_on": "2026-03-20",
        "channels": ["post", "email"],
        "volume": "high",
        "description": "Letters land on **Monday**.",
    }
    data.update(overrides)
    return data


def test_a_submitter_adds_a_campaign_for_their_department(client, submitter, marketing):
    client.force_login(submitter)
    response = client.post(reverse("briefings:new_campaign"), form_data(marketing), follow=True)
    campaign = Campaign.objects.get()
    assert campaign.author == submitter and campaign.department == marketing
    assert campaign.channel_labels() == ["Email", "Post"]
    assert "Added “Broadband price rise letters” to the marketing calendar." in (
        response.content.decode()
    )
    assert "High volume" in response.content.decode()


def test_a_submitter_cannot_add_one_for_another_department(client, submitter, product):
    client.force_login(submitter)
    response = client.post(reverse("briefings:new_campaign"), form_data(product))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Campaign.objects.exists()
    with pytest.raises(ValidationError) as error:
        calendar_services.create_campaign(
            author=submitter,
            title="Theirs",
            starts_on=D(2026, 3, 16),
            ends_on=D(2026, 3, 16),
            channels=[Channel.WEB],
            volume=Volume.LOW,
            department=product,
        )
    assert "own department" in str(error.value)


def test_agents_cannot_add_campaigns(client, agent, marketing):
    client.force_login(agent)
    assert client.get(reverse("briefings:new_campaign")).status_code == 403
    assert client.post(reverse("briefings:new_campaign"), form_data(marketing)).status_code == 403
    assert not Campaign.objects.exists()


def test_an_end_before_the_start_is_refused_and_nothing_typed_is_lost(client, submitter, marketing):
    client.force_login(submitter)
    data = form_data(marketing, starts_on="2026-03-20", ends_on="2026-03-16")
    page = client.post(reverse("briefings:new_campaign"), data).content.decode()
    assert "The last day cannot be before the first day." in page
    assert 'value="Broadband price rise letters"' in page
    assert "Letters land on **Monday**." in page
    assert not Campaign.objects.exists()


def test_the_service_and_the_database_refuse_an_end_before_the_start(
    make_campaign, submitter, marketing
):
    with pytest.raises(ValidationError) as error:
        make_campaign(starts_on=D(2026, 3, 16), days=0)
    assert "ends_on" in error.value.error_dict
    campaign = make_campaign()
    with pytest.raises(IntegrityError):
        Campaign.objects.filter(pk=campaign.pk).update(ends_on=D(2026, 3, 1))


def test_a_campaign_needs_a_channel_and_a_known_volume(client, submitter, marketing):
    client.force_login(submitter)
    data = form_data(marketing, volume="enormous")
    data.pop("channels")
    page = client.post(reverse("briefings:new_campaign"), data).content.decode()
    assert "This field is required." in page
    assert "Select a valid choice. enormous is not one of the available choices." in page
    assert not Campaign.objects.exists()


def test_submitters_change_their_own_and_their_departments_campaigns_only(
    client, make_person, make_campaign, submitter, marketing, product
):
    colleague = make_person(Role.SUBMITTER, department=marketing, team=None)
    outsider = make_person(Role.SUBMITTER, department=product, team=None)
    campaign = make_campaign()
    edit = reverse("briefings:edit_campaign", args=[campaign.pk])
    for person in (submitter, colleague):
        client.force_login(person)
        response = client.post(edit, form_data(marketing, title=f"By {person.pk}"))
        assert response.status_code == 302
        campaign.refresh_from_db()
        assert campaign.title == f"By {person.pk}"
    client.force_login(outsider)
    assert client.get(edit).status_code == 403
    assert client.post(edit, form_data(product, title="Hijacked")).status_code == 403
    delete = reverse("briefings:delete_campaign", args=[campaign.pk])
    assert client.post(delete).status_code == 403
    campaign.refresh_from_db()
    assert campaign.title == f"By {colleague.pk}"
    with pytest.raises(PermissionDenied):
        calendar_services.delete_campaign(campaign=campaign, user=outsider)


def test_a_manager_changes_and_deletes_any_campaign(client, manager, make_campaign, product):
    campaign = make_campaign()
    client.force_login(manager)
    edit = reverse("briefings:edit_campaign", args=[campaign.pk])
    assert client.post(edit, form_data(product, title="Moved to Product")).status_code == 302
    campaign.refresh_from_db()
    assert (campaign.title, campaign.department) == ("Moved to Product", product)
    assert campaign.channel_labels() == ["Email", "Post"]
    response = client.post(reverse("briefings:delete_campaign", args=[campaign.pk]), follow=True)
    assert "Deleted “Moved to Product” from the marketing calendar." in response.content.decode()
    assert not Campaign.objects.exists()


def test_an_agent_cannot_change_a_campaign(client, agent, make_campaign):
    campaign = make_campaign()
    client.force_login(agent)
    assert client.get(reverse("briefings:campaign", args=[campaign.pk])).status_code == 200
    assert client.get(reverse("briefings:edit_campaign", args=[campaign.pk])).status_code == 403
    assert client.post(reverse("briefings:delete_campaign", args=[campaign.pk])).status_code == 403


# The "Coming up" window: a briefing on day D lists campaigns starting D to D + 7.


@pytest.mark.parametrize(
    ("starts_in_days", "listed"),
    [(-1, False), (0, True), (1, True), (7, True), (8, False)],
)
def test_coming_up_lists_campaigns_starting_within_seven_days_inclusive(
    make_campaign, cardiff, starts_in_days, listed
):
    briefing_day = D(2026, 3, 11)
    make_campaign(starts_on=briefing_day + datetime.timedelta(days=starts_in_days), days=14)
    assert bool(campaigns_starting_soon(cardiff, briefing_day)) is listed


def test_coming_up_lists_only_campaigns_for_the_briefings_site(make_campaign, cardiff, shenzhen):
    make_campaign("Everywhere")
    make_campaign("Cardiff only", sites=[cardiff])
    make_campaign("Shenzhen only", sites=[shenzhen])
    day = D(2026, 3, 11)
    assert [c.title for c in campaigns_starting_soon(cardiff, day)] == [
        "Cardiff only",
        "Everywhere",
    ]
    assert [c.title for c in campaigns_starting_soon(shenzhen, day)] == [
        "Everywhere",
        "Shenzhen only",
    ]


def test_the_briefing_email_and_page_show_whats_coming_up(
    client, agent, make_campaign, travel, run_dispatch
):
    make_campaign("Spring sale", starts_on=D(2026, 3, 16))
    make_campaign("Summer sale", starts_on=D(2026, 6, 1))
    travel(at("2026-03-11 07:31"))
    run_dispatch()
    (message,) = [m for m in mail.outbox if m.to == [agent.email]]
    html = message.alternatives[0][0]
    assert "COMING UP" in message.body and "Spring sale (High volume)" in message.body
    # One line per campaign, its channels named, not a Python list.
    (line,) = [line for line in message.body.splitlines() if "Spring sale" in line]
    assert line.endswith(", Email, Social media, Marketing")
    assert "Summer sale" not in message.body
    assert "Coming up" in html and "Spring sale" in html and "Summer sale" not in html
    client.force_login(agent)
    page = client.get(reverse("briefings:index")).content.decode()
    assert "Coming up" in page and "Spring sale" in page and "Summer sale" not in page


def test_no_coming_up_section_without_campaigns(agent, travel, run_dispatch):
    travel(at("2026-03-11 07:31"))
    run_dispatch()
    (message,) = [m for m in mail.outbox if m.to == [agent.email]]
    assert "COMING UP" not in message.body and "Coming up" not in message.alternatives[0][0]


# The month view


def test_the_month_shows_campaigns_today_and_the_neighbouring_months(
    client, agent, make_campaign, travel
):
    travel(at("2026-03-11 10:00"))
    make_campaign("Spring sale", starts_on=D(2026, 3, 16), volume=Volume.MEDIUM)
    client.force_login(agent)
    page = client.get(reverse("briefings:calendar")).content.decode()
    assert "March 2026" in page
    assert "Spring sale" in page and "Medium volume" in page
    assert page.count('aria-current="date"') == 1
    assert "?month=2026-02" in page and "?month=2026-04" in page
    april = client.get(reverse("briefings:calendar"), {"month": "2026-04"}).content.decode()
    assert "Nothing planned this month" in april and "This month" in april


def test_a_month_that_makes_no_sense_shows_this_month(client, agent, travel):
    travel(at("2026-03-11 10:00"))
    client.force_login(agent)
    for nonsense in ("2026-13", "soon", "2026-02-30", "0001-01", "9999-12"):
        page = client.get(reverse("briefings:calendar"), {"month": nonsense}).content.decode()
        assert "March 2026" in page


def test_a_campaign_spanning_months_shows_in_both(client, agent, make_campaign, travel):
    travel(at("2026-03-11 10:00"))
    make_campaign("Easter", starts_on=D(2026, 3, 30), days=5)
    client.force_login(agent)
    for month in ("2026-03", "2026-04"):
        page = client.get(reverse("briefings:calendar"), {"month": month}).content.decode()
        assert "Easter" in page


def test_agents_see_only_their_sites_campaigns(
    client, make_person, make_campaign, shenzhen, cardiff, travel
):
    travel(at("2026-03-11 10:00"))
    make_campaign("Cardiff radio", sites=[cardiff])
    hidden = make_campaign("Shenzhen posters", sites=[shenzhen])
    client.force_login(make_person(Role.AGENT))
    page = client.get(reverse("briefings:calendar")).content.decode()
    assert "Cardiff radio" in page and "Shenzhen posters" not in page
    assert client.get(reverse("briefings:campaign", args=[hidden.pk])).status_code == 404


def test_the_month_view_costs_the_same_queries_for_more_campaigns(
    client, agent, make_campaign, cardiff, travel
):
    travel(at("2026-03-11 10:00"))
    client.force_login(agent)

    def month_page():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("briefings:calendar")).status_code == 200
        return len(queries)

    make_campaign("First", sites=[cardiff])
    one = month_page()
    for number in range(20):
        make_campaign(f"More {number}", starts_on=D(2026, 3, 1 + number), sites=[cardiff])
    assert month_page() == one


def test_a_campaign_this_year_shows_its_days_without_a_year_at_either_end(
    client, agent, make_campaign, travel
):
    travel(at("2026-03-11 10:00"))
    this_year = make_campaign("Spring sale", starts_on=D(2026, 3, 16), days=3)
    next_year = make_campaign("New year sale", starts_on=D(2026, 12, 30), days=4)
    client.force_login(agent)

    page = client.get(reverse("briefings:campaign", args=[this_year.pk])).text
    assert "Mon 16 Mar to Wed 18 Mar<" in page
    page = client.get(reverse("briefings:campaign", args=[next_year.pk])).text
    assert "Wed 30 Dec 2026 to Sat 2 Jan 2027" in page


def test_a_campaign_lists_its_channels_and_sites_with_the_languages_separator(
    client, agent, make_campaign, cardiff, shenzhen, chinese_separator
):
    campaign = make_campaign(sites=[cardiff, shenzhen])
    client.force_login(agent)

    page = client.get(reverse("briefings:campaign", args=[campaign.pk])).text

    assert "Email、Social media" in page
    assert "Cardiff、Shenzhen" in page
