"""Times are shown in the signed-in person's own zone, looked up at sign-in and again only
when they move site."""

import datetime
import html
from unittest import mock

from django.urls import reverse

from feedback.models import QandaSession
from portal import middleware
from portal.models import Role

SESSION_AT = datetime.datetime(2030, 12, 2, 14, 0, tzinfo=datetime.UTC)


def session_page(client, person):
    session = QandaSession.objects.create(
        title="Ask the directors", scheduled_at=SESSION_AT, panel="Heads of service"
    )
    client.force_login(person)
    response = client.get(reverse("feedback:qanda_session", args=[session.pk]))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_a_shenzhen_agent_reads_a_qanda_time_in_china_time_with_the_zone_named(
    client, make_person, shenzhen
):
    zhiwei = make_person(Role.AGENT, site=shenzhen, team=None)

    page = session_page(client, zhiwei)

    assert "Monday 2 December 2030, 22:00 CST" in page


def test_a_cardiff_agent_reads_the_same_qanda_in_uk_time_with_the_zone_named(client, agent):
    page = session_page(client, agent)

    assert "Monday 2 December 2030, 14:00 GMT" in page


def test_someone_without_a_site_reads_times_in_the_portals_zone(client, make_person):
    nomad = make_person(Role.AGENT, site=None, team=None)

    page = session_page(client, nomad)

    assert "Monday 2 December 2030, 14:00 UTC" in page


def test_the_zone_is_looked_up_at_sign_in_and_not_on_every_request(client, agent):
    with mock.patch.object(
        middleware, "own_site_and_time_zone", wraps=middleware.own_site_and_time_zone
    ) as lookup:
        client.force_login(agent)
        client.get(reverse("home"))
        client.get(reverse("home"))

    assert lookup.call_count == 1
    assert client.session[middleware.SESSION_TIME_ZONE_KEY] == "Europe/London"


def test_a_session_from_before_zones_were_remembered_looks_it_up_once(
    client, make_person, shenzhen
):
    zhiwei = make_person(Role.AGENT, site=shenzhen, team=None)
    client.force_login(zhiwei)
    session = client.session
    del session[middleware.SESSION_TIME_ZONE_KEY]
    session.save()

    with mock.patch.object(
        middleware, "own_site_and_time_zone", wraps=middleware.own_site_and_time_zone
    ) as lookup:
        client.get(reverse("home"))
        client.get(reverse("home"))

    assert lookup.call_count == 1
    assert client.session[middleware.SESSION_TIME_ZONE_KEY] == "Asia/Shanghai"


def test_moving_your_own_profile_to_another_site_switches_your_zone_at_once(
    client, administrator, shenzhen
):
    client.force_login(administrator)
    assert client.session[middleware.SESSION_TIME_ZONE_KEY] == "Europe/London"
    form = client.get(reverse("people:edit", args=[administrator.pk])).context["form"]
    data = {
        name: value
        for name, value in form.initial.items()
        if name in form.fields and value is not None
    }
    data.update(site=shenzhen.pk, team="", role=administrator.role)
    for name in ("team", "department"):
        if hasattr(data.get(name), "pk"):
            data[name] = data[name].pk

    response = client.post(reverse("people:edit", args=[administrator.pk]), data)

    assert response.status_code == 302, response.context["form"].errors
    assert client.session[middleware.SESSION_TIME_ZONE_KEY] == "Asia/Shanghai"


def test_a_move_to_another_site_by_an_administrator_shows_on_the_next_page(client, agent, shenzhen):
    session = QandaSession.objects.create(
        title="Ask the directors", scheduled_at=SESSION_AT, panel="Heads of service"
    )
    page = reverse("feedback:qanda_session", args=[session.pk])
    client.force_login(agent)
    assert "14:00 GMT" in html.unescape(client.get(page).content.decode())

    agent.profile.site = shenzhen
    agent.profile.team = None
    agent.profile.save()

    assert "22:00 CST" in html.unescape(client.get(page).content.decode())
    assert client.session[middleware.SESSION_TIME_ZONE_KEY] == "Asia/Shanghai"
