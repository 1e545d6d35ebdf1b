import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portal import services
from portal.models import Invitation, PeopleImport, Role, Team, User

PAGES = [
    ("get", "people:add", False),
    ("post", "people:add", False),
    ("get", "people:manage", False),
    ("post", "people:invite", True),
    ("post", "people:deactivate", True),
    ("post", "people:reactivate", True),
    ("get", "people:import", False),
    ("post", "people:import", False),
    ("get", "people:import_template", False),
    ("get", "people:import_preview", "import"),
    ("post", "people:import_apply", "import"),
]


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


@pytest.fixture
def pending_import(administrator):
    return PeopleImport.objects.create(
        uploaded_by=administrator,
        filename="people.csv",
        content="name,email,site,team,department,role,job_title,start_date,"
        "birthday_day,birthday_month\r\nAnn,ann@example.com,,,,,,,,\r\n",
    )


def url_for(name, needs, *, person, pending_import):
    if needs == "import":
        return reverse(name, args=[pending_import.pk])
    if needs:
        return reverse(name, args=[person.pk])
    return reverse(name)


# Permissions -----------------------------------------------------------------------


@pytest.mark.parametrize("role", ["agent", "team_leader", "manager", "submitter"])
@pytest.mark.parametrize(("method", "name", "needs"), PAGES)
def test_people_administration_is_forbidden_to_everyone_but_administrators(
    request, client, role, method, name, needs, pending_import, make_person
):
    person = request.getfixturevalue(role)
    client.force_login(person)
    target = make_person(Role.AGENT)
    url = url_for(name, needs, person=target, pending_import=pending_import)

    response = getattr(client, method)(url)

    assert response.status_code == 403
    target.refresh_from_db()
    assert target.is_active
    assert not Invitation.objects.exists()
    pending_import.refresh_from_db()
    assert pending_import.status == PeopleImport.Status.PENDING


@pytest.mark.parametrize(
    ("method", "name", "needs"), [page for page in PAGES if "import" in page[1]]
)
def test_a_manager_opening_people_import_is_told_only_administrators_import_and_whom_to_ask(
    client, manager, method, name, needs, pending_import
):
    client.force_login(manager)

    response = getattr(client, method)(
        url_for(name, needs, person=manager, pending_import=pending_import)
    )

    assert response.status_code == 403
    page = response.content.decode()
    assert "Only administrators can import people. Ask an administrator" in page
    assert "You do not have permission to do that." not in page


@pytest.mark.parametrize(
    ("method", "name", "needs"), [page for page in PAGES if "import" not in page[1]]
)
def test_a_manager_opening_the_other_people_pages_is_told_who_adds_and_changes_people(
    client, manager, method, name, needs, pending_import, agent
):
    client.force_login(manager)

    response = getattr(client, method)(
        url_for(name, needs, person=agent, pending_import=pending_import)
    )

    assert response.status_code == 403
    assert "Only administrators add, invite and deactivate people." in response.content.decode()


@pytest.mark.parametrize(("method", "name", "needs"), PAGES)
def test_people_administration_sends_anonymous_visitors_to_sign_in(
    client, method, name, needs, pending_import, agent
):
    url = url_for(name, needs, person=agent, pending_import=pending_import)

    response = getattr(client, method)(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


# Adding a person -------------------------------------------------------------------


def test_adding_a_person_invites_them_and_opens_their_profile(
    admin_client,
    administrator,
    cardiff,
    billing_team,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("people:add"),
            {
                "email": "New.Starter@Example.com",
                "display_name": "Nia Starter",
                "role": Role.TEAM_LEADER,
                "site": cardiff.pk,
                "team": billing_team.pk,
                "start_date": "2025-01-06",
                "birthday_day": "29",
                "birthday_month": "2",
                "send_invitation": "on",
            },
            follow=True,
        )

    person = User.objects.select_related("profile").get(email="new.starter@example.com")
    assert response.redirect_chain[-1][0] == reverse("people:detail", args=[person.pk])
    assert "Invitation on its way to new.starter@example.com." in response.content.decode()
    assert person.role == Role.TEAM_LEADER
    assert person.profile.team == billing_team
    assert (person.profile.birthday_day, person.profile.birthday_month) == (29, 2)
    assert [message.to for message in mailoutbox] == [["new.starter@example.com"]]
    assert Invitation.objects.get(user=person).invited_by == administrator


def test_adding_a_person_without_the_invitation_sends_nothing(
    admin_client, django_capture_on_commit_callbacks, mailoutbox, db
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("people:add"),
            {"email": "quiet@example.com", "display_name": "Quinn", "role": Role.AGENT},
            follow=True,
        )

    assert "Quinn was added" in response.content.decode()
    assert mailoutbox == []
    assert not Invitation.objects.exists()


def test_adding_someone_who_exists_keeps_the_input_and_says_why(admin_client, agent):
    response = admin_client.post(
        reverse("people:add"),
        {
            "email": agent.email.upper(),
            "display_name": "Someone Else",
            "role": Role.AGENT,
            "job_title": "Night shift adviser",
        },
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert f"Someone with the email {agent.email} already exists." in page
    assert 'value="Night shift adviser"' in page
    assert User.objects.filter(email=agent.email).count() == 1


def test_adding_a_person_to_a_team_at_another_site_is_refused(admin_client, shenzhen, billing_team):
    response = admin_client.post(
        reverse("people:add"),
        {
            "email": "x@example.com",
            "display_name": "X",
            "role": Role.AGENT,
            "site": shenzhen.pk,
            "team": billing_team.pk,
        },
    )

    assert "The team Billing is not at the site Shenzhen." in response.content.decode()
    assert not User.objects.filter(email="x@example.com").exists()


def test_adding_a_person_with_an_impossible_birthday_is_refused(admin_client):
    response = admin_client.post(
        reverse("people:add"),
        {
            "email": "x@example.com",
            "display_name": "X",
            "role": Role.AGENT,
            "birthday_day": "31",
            "birthday_month": "4",
        },
    )

    assert "April has no day 31." in response.content.decode()
    assert not User.objects.filter(email="x@example.com").exists()


# Managing people -------------------------------------------------------------------


def test_the_manage_page_lists_everyone_with_their_invitation_status(admin_client, make_person):
    invited = make_person(Role.AGENT, display_name="Ivy Invited")
    Invitation.objects.create(user=invited, sent_at=timezone.now())
    signed_in = make_person(Role.MANAGER, display_name="Sid Signedin")
    User.objects.filter(pk=signed_in.pk).update(last_login=timezone.now())
    gone = make_person(Role.AGENT, display_name="Gus Gone")
    User.objects.filter(pk=gone.pk).update(is_active=False)

    page = admin_client.get(reverse("people:manage")).content.decode()

    for name in ("Ivy Invited", "Sid Signedin", "Gus Gone"):
        assert name in page
    assert "Not signed in yet" in page
    assert "Last signed in" in page
    assert "Deactivated" in page
    assert "Reactivate" in page


@pytest.mark.parametrize(
    ("status", "shown", "hidden"),
    [
        ("invited", "Ivy Invited", "Sid Signedin"),
        ("active", "Sid Signedin", "Ivy Invited"),
        ("deactivated", "Gus Gone", "Ivy Invited"),
    ],
)
def test_the_manage_page_filters_by_status(admin_client, make_person, status, shown, hidden):
    make_person(Role.AGENT, display_name="Ivy Invited")
    signed_in = make_person(Role.AGENT, display_name="Sid Signedin")
    User.objects.filter(pk=signed_in.pk).update(last_login=timezone.now())
    gone = make_person(Role.AGENT, display_name="Gus Gone")
    User.objects.filter(pk=gone.pk).update(is_active=False)

    page = admin_client.get(reverse("people:manage"), {"status": status}).content.decode()

    assert shown in page
    assert hidden not in page


def test_the_manage_page_searches_names_and_emails(admin_client, make_person):
    make_person(Role.AGENT, display_name="Priya Shah", email="priya@example.com")
    make_person(Role.AGENT, display_name="Tom Jones", email="tj@contoso.example")

    by_email = admin_client.get(reverse("people:manage"), {"q": "contoso"}).content.decode()
    nobody = admin_client.get(reverse("people:manage"), {"q": "zzz"}).content.decode()

    assert "Tom Jones" in by_email and "Priya Shah" not in by_email
    assert "Nobody matches" in nobody


def test_the_manage_page_costs_the_same_queries_for_5_and_30_people(
    admin_client, make_person, settings
):
    settings.PEOPLE_PER_PAGE = 50

    def queries_with(count):
        for _n in range(count - User.objects.count()):
            person = make_person(Role.AGENT)
            Invitation.objects.create(user=person)
            Invitation.objects.create(user=person, sent_at=timezone.now())
        with CaptureQueriesContext(connection) as context:
            response = admin_client.get(reverse("people:manage"))
        assert response.status_code == 200
        return len(context.captured_queries)

    assert queries_with(5) == queries_with(30)


def test_resending_an_invitation_sends_a_new_one(
    admin_client, agent, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("people:invite", args=[agent.pk]),
            {"next": reverse("people:manage") + "?status=invited"},
            follow=True,
        )

    assert response.redirect_chain[-1][0] == reverse("people:manage") + "?status=invited"
    assert "Invitation on its way to Alex Agent." in response.content.decode()
    assert [message.to for message in mailoutbox] == [[agent.email]]


def test_actions_never_redirect_to_another_site(admin_client, agent):
    response = admin_client.post(
        reverse("people:invite", args=[agent.pk]), {"next": "https://evil.example/"}
    )

    assert response.url == reverse("people:manage")


def test_deactivating_stops_a_person_signing_in_and_reactivating_lets_them_back(
    admin_client, client, agent
):
    response = admin_client.post(reverse("people:deactivate", args=[agent.pk]), follow=True)

    agent.refresh_from_db()
    assert not agent.is_active
    assert "Alex Agent is deactivated" in response.content.decode()
    assert not client.login(email=agent.email, password="s3cret-Passw0rd")

    response = admin_client.post(reverse("people:reactivate", args=[agent.pk]), follow=True)

    agent.refresh_from_db()
    assert agent.is_active
    assert "Alex Agent can sign in again." in response.content.decode()


def test_an_administrator_cannot_deactivate_themselves(admin_client, administrator):
    response = admin_client.post(reverse("people:deactivate", args=[administrator.pk]), follow=True)

    administrator.refresh_from_db()
    assert administrator.is_active
    assert "You cannot deactivate yourself." in response.content.decode()


def test_a_deactivated_person_cannot_be_sent_an_invitation(admin_client, agent, mailoutbox):
    services.deactivate_person(actor=User.objects.get(role=Role.ADMINISTRATOR), user=agent)

    response = admin_client.post(reverse("people:invite", args=[agent.pk]), follow=True)

    assert "Alex Agent is deactivated." in response.content.decode()
    assert not Invitation.objects.filter(user=agent).exists()


def test_deactivation_services_refuse_people_who_are_not_administrators(manager, agent):
    with pytest.raises(services.PermissionDenied):
        services.deactivate_person(actor=manager, user=agent)
    with pytest.raises(services.PermissionDenied):
        services.reactivate_person(actor=manager, user=agent)


def test_deactivating_twice_is_harmless(administrator, agent):
    services.deactivate_person(actor=administrator, user=agent)
    services.deactivate_person(actor=administrator, user=agent)

    agent.refresh_from_db()
    assert not agent.is_active


def test_the_team_choices_say_which_site_each_team_is_at(admin_client, billing_team, shenzhen):
    Team.objects.create(name="Billing", site=shenzhen, department=billing_team.department)

    page = admin_client.get(reverse("people:add")).content.decode()

    assert "Billing (Cardiff)" in page
    assert "Billing (Shenzhen)" in page
