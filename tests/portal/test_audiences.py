"""Who sees a targeted item: within a dimension any match, across dimensions all."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from portal.audiences import (
    describe,
    includes,
    is_visible_to,
    people_meant_for,
    set_audience,
    visible_to,
)
from portal.models import Audience, AudienceRole, Role, Team
from tests.targeting.models import Notice


@pytest.fixture
def sales_team(shenzhen, customer_service):
    return Team.objects.create(name="Sales", site=shenzhen, department=customer_service)


@pytest.fixture
def notice(db):
    def make(title="Notice", **audience):
        item = Notice.objects.create(title=title)
        set_audience(item, **audience)
        return item

    return make


def titles_for(user):
    return set(visible_to(Notice.objects.all(), user).values_list("title", flat=True))


def test_an_item_without_an_audience_is_for_everyone(notice, agent, manager, submitter):
    notice("For all")

    for person in (agent, manager, submitter):
        assert titles_for(person) == {"For all"}


def test_a_site_audience_reaches_only_people_at_that_site(notice, make_person, cardiff, shenzhen):
    notice("Cardiff only", sites=[cardiff])
    in_cardiff = make_person(site=cardiff)
    in_shenzhen = make_person(site=shenzhen, team=None)

    assert titles_for(in_cardiff) == {"Cardiff only"}
    assert titles_for(in_shenzhen) == set()


def test_a_team_audience_reaches_only_that_team(notice, make_person, billing_team, sales_team):
    notice("Billing only", teams=[billing_team])

    assert titles_for(make_person(team=billing_team)) == {"Billing only"}
    assert titles_for(make_person(team=sales_team, site=sales_team.site)) == set()


def test_a_department_audience_reaches_only_that_department(
    notice, make_person, customer_service, marketing
):
    notice("Marketing only", departments=[marketing])

    assert titles_for(make_person(department=marketing, team=None)) == {"Marketing only"}
    assert titles_for(make_person(department=customer_service)) == set()


def test_a_role_audience_reaches_only_that_role(notice, agent, team_leader, manager):
    notice("Leaders only", roles=[Role.TEAM_LEADER])

    assert titles_for(team_leader) == {"Leaders only"}
    assert titles_for(agent) == set()
    assert titles_for(manager) == set()


def test_two_sites_reach_people_at_either(notice, make_person, cardiff, shenzhen):
    notice("Both sites", sites=[cardiff, shenzhen])

    assert titles_for(make_person(site=cardiff)) == {"Both sites"}
    assert titles_for(make_person(site=shenzhen, team=None)) == {"Both sites"}
    assert titles_for(make_person(site=None, team=None)) == set()


def test_a_site_and_a_role_reach_only_people_who_match_both(notice, make_person, cardiff, shenzhen):
    notice("Cardiff leaders", sites=[cardiff], roles=[Role.TEAM_LEADER])

    assert titles_for(make_person(Role.TEAM_LEADER, site=cardiff)) == {"Cardiff leaders"}
    assert titles_for(make_person(Role.AGENT, site=cardiff)) == set()
    assert titles_for(make_person(Role.TEAM_LEADER, site=shenzhen, team=None)) == set()


def test_a_person_without_a_site_or_team_sees_only_what_does_not_narrow_by_them(
    notice, make_person, cardiff, billing_team
):
    notice("For all")
    notice("Agents", roles=[Role.AGENT])
    notice("Cardiff", sites=[cardiff])
    notice("Billing", teams=[billing_team])
    floating = make_person(Role.AGENT, site=None, team=None, department=None)

    assert titles_for(floating) == {"For all", "Agents"}


def test_a_person_without_a_profile_sees_only_items_for_everyone_or_their_role(notice, db):
    notice("For all")
    notice("Agents", roles=[Role.AGENT])
    notice("Managers", roles=[Role.MANAGER])
    bare = get_user_model().objects.create_user(email="bare@example.com")

    assert titles_for(bare) == {"For all", "Agents"}


def test_a_deactivated_person_and_an_anonymous_visitor_see_nothing(notice, agent):
    notice("For all")
    agent.is_active = False
    agent.save()

    assert titles_for(agent) == set()
    assert titles_for(AnonymousUser()) == set()


def test_is_visible_to_answers_for_one_item(notice, agent, team_leader):
    leaders_only = notice("Leaders only", roles=[Role.TEAM_LEADER])

    assert is_visible_to(leaders_only, team_leader)
    assert not is_visible_to(leaders_only, agent)


def test_setting_the_audience_to_nobody_in_particular_makes_it_everyones_again(
    notice, cardiff, agent, make_person, shenzhen
):
    item = notice("Narrowed", sites=[shenzhen], roles=[Role.MANAGER])
    old_audience_id = item.audience_id

    assert set_audience(item) is None

    item.refresh_from_db()
    assert item.audience is None
    assert not Audience.objects.filter(pk=old_audience_id).exists()
    assert not AudienceRole.objects.filter(audience_id=old_audience_id).exists()
    assert titles_for(agent) == {"Narrowed"}


def test_changing_the_audience_reuses_it_and_replaces_every_dimension(
    notice, cardiff, shenzhen, marketing, agent
):
    item = notice("Moving", sites=[shenzhen], departments=[marketing], roles=[Role.MANAGER])
    audience_id = item.audience_id

    set_audience(item, sites=[cardiff], roles=[Role.AGENT])

    item.refresh_from_db()
    assert item.audience_id == audience_id
    assert list(item.audience.sites.all()) == [cardiff]
    assert list(item.audience.departments.all()) == []
    assert [r.role for r in item.audience.roles.all()] == [Role.AGENT]
    assert titles_for(agent) == {"Moving"}


def test_an_unknown_role_is_refused_and_changes_nothing(notice, cardiff):
    item = notice("Stays", sites=[cardiff])

    with pytest.raises(ValueError, match="wizard"):
        set_audience(item, roles=["wizard"])

    item.refresh_from_db()
    assert list(item.audience.sites.all()) == [cardiff]


@pytest.mark.parametrize("notices", [1, 30])
def test_the_selector_is_one_query_however_many_items_and_audiences(
    notices, notice, make_person, cardiff, shenzhen, billing_team, marketing,
    django_assert_num_queries,
):  # fmt: skip
    for number in range(notices):
        notice(
            f"Notice {number}",
            sites=[cardiff, shenzhen][: number % 3],
            teams=[billing_team] if number % 2 else [],
            departments=[marketing] if number % 5 == 0 else [],
            roles=[Role.AGENT, Role.MANAGER][: number % 3],
        )
    person = make_person(Role.AGENT)
    # As a request would have it: nothing about the person loaded yet.
    fresh = get_user_model().objects.get(pk=person.pk)

    with django_assert_num_queries(1):
        list(visible_to(Notice.objects.all(), fresh))


def test_describe_names_everyone_when_nothing_narrows(notice):
    assert describe(None) == "Everyone"
    assert describe(notice("Anyone").audience) == "Everyone"


def test_describe_lists_each_dimension_in_a_stable_order(
    notice, cardiff, shenzhen, billing_team, marketing
):
    item = notice(
        "Narrow",
        sites=[shenzhen, cardiff],
        teams=[billing_team],
        departments=[marketing],
        roles=[Role.MANAGER, Role.AGENT, Role.TEAM_LEADER],
    )

    assert describe(item.audience) == (
        "Cardiff, Shenzhen · Billing · Marketing · Agent, Team leader, Manager"
    )


def test_an_audience_lists_its_sites_and_roles_with_the_languages_separator(
    chinese_separator, notice, cardiff, shenzhen
):
    item = notice("Narrow", sites=[shenzhen, cardiff], roles=[Role.AGENT, Role.MANAGER])

    assert describe(item.audience) == "Cardiff、Shenzhen · Agent、Manager"


@pytest.mark.parametrize(
    "audience",
    [
        {},
        {"sites": "cardiff"},
        {"sites": "shenzhen", "roles": [Role.AGENT]},
        {"teams": "sales", "roles": [Role.MANAGER, Role.AGENT]},
        {"departments": "customer_service", "roles": [Role.TEAM_LEADER]},
    ],
)
def test_includes_and_people_meant_for_follow_the_rule_of_visible_to(
    audience, notice, make_person, cardiff, shenzhen, sales_team, customer_service
):
    named = {"cardiff": cardiff, "shenzhen": shenzhen, "sales": sales_team}
    named["customer_service"] = customer_service
    resolved = {key: value if key == "roles" else [named[value]] for key, value in audience.items()}
    item = notice("Aimed", **resolved)
    people = [
        make_person(Role.AGENT, site=cardiff),
        make_person(Role.TEAM_LEADER, site=cardiff),
        make_person(Role.AGENT, site=shenzhen, team=sales_team),
        make_person(Role.MANAGER, site=shenzhen, team=sales_team),
        make_person(Role.AGENT, site=None, team=None, department=None),
    ]
    sees = {person.pk for person in people if is_visible_to(item, person)}

    included = {
        person.pk
        for person in people
        if includes(
            item.audience,
            site_id=person.profile.site_id,
            team_id=person.profile.team_id,
            department_id=person.profile.department_id,
            role=person.role,
        )
    }
    meant = set(
        people_meant_for(item.audience)
        .filter(pk__in=[person.pk for person in people])
        .values_list("pk", flat=True)
    )

    assert included == sees
    assert meant == sees
