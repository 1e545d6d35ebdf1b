import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from portal import people_import
from portal.models import Invitation, PeopleImport, Profile, Role, Team, User

HEADER = "name,email,site,team,department,role,job_title,start_date,birthday_day,birthday_month"
WITH_LANGUAGE = HEADER + ",language"


def csv_file(*rows, header=HEADER):
    return "\r\n".join([header, *rows]) + "\r\n"


def upload(text, name="people.csv", encoding="utf-8"):
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


@pytest.fixture
def sales_team(shenzhen, customer_service):
    return Team.objects.create(name="Sales", site=shenzhen, department=customer_service)


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


def outcome_of(plan, email):
    return next(row for row in plan.rows if row.email == email)


def errors_for(row_text, *, actor=None):
    plan = people_import.plan_import(csv_file(row_text), actor=actor)
    (row,) = plan.rows
    assert row.outcome == people_import.ERROR
    return row.errors


def apply(text, actor):
    record = people_import.upload_import(actor=actor, filename="people.csv", text=text)
    record, _applied = people_import.apply_import(actor=actor, people_import=record)
    return record


GOOD_ROWS = csv_file(
    "Priya Shah,priya@example.com,Cardiff,Billing,Customer Service,agent,Adviser,2024-09-02,14,3",
    "Li Wei,LI.WEI@example.com,shenzhen,sales,customer service,Team Leader,,02/09/2024,,",
)


# Reading and checking the file ----------------------------------------------------


def test_good_rows_are_planned_as_new_people(cardiff, billing_team, sales_team):
    plan = people_import.plan_import(GOOD_ROWS)

    assert plan.counts == {"new": 2, "update": 0, "unchanged": 0, "error": 0}
    priya = outcome_of(plan, "priya@example.com")
    assert priya.profile_values["team"] == billing_team
    assert priya.profile_values["start_date"] == datetime.date(2024, 9, 2)
    assert (priya.profile_values["birthday_day"], priya.profile_values["birthday_month"]) == (
        14,
        3,
    )
    li = outcome_of(plan, "li.wei@example.com")
    assert li.role == Role.TEAM_LEADER
    assert li.profile_values["team"] == sales_team
    assert li.profile_values["start_date"] == datetime.date(2024, 9, 2)


def test_role_accepts_the_code_or_the_english_label_in_any_case(db):
    for written, role in [
        ("team_leader", Role.TEAM_LEADER),
        ("TEAM LEADER", Role.TEAM_LEADER),
        ("Department submitter", Role.SUBMITTER),
        ("submitter", Role.SUBMITTER),
        ("Administrator", Role.ADMINISTRATOR),
    ]:
        plan = people_import.plan_import(csv_file(f"A,a@example.com,,,,{written},,,,"))
        assert plan.rows[0].role == role, written


def test_an_unknown_role_is_named_with_the_roles_as_the_import_page_names_them(db):
    errors = errors_for("A,a@example.com,,,,boss,,,,")

    assert errors == [
        "Unknown role “boss”. Use one of: agent, team leader, manager, "
        "department submitter (submitter), administrator."
    ]


def test_every_role_the_error_names_imports_as_written_and_so_does_its_code(db):
    [error] = errors_for("A,a@example.com,,,,boss,,,,")
    listed = error.split("Use one of: ")[1].rstrip(".").split(", ")

    for entry, role in zip(listed, Role.values, strict=True):
        for written in re.fullmatch(r"(.+?)(?: \((\w+)\))?", entry).groups():
            if written:
                plan = people_import.plan_import(csv_file(f"A,a@example.com,,,,{written},,,,"))
                assert plan.rows[0].role == role, written


def test_a_reader_in_chinese_gets_the_roles_in_chinese_with_the_codes_and_both_import(db):
    with translation.override("zh-hans"):
        [error] = errors_for("A,a@example.com,,,,boss,,,,")
        team_leader = str(Role.TEAM_LEADER.label)

    assert f"{team_leader} (team_leader)" in error
    plan = people_import.plan_import(csv_file(f"A,a@example.com,,,,{team_leader},,,,"))
    assert plan.rows[0].role == Role.TEAM_LEADER


def test_a_utf8_file_with_a_byte_order_mark_is_read(db):
    text = people_import.read_upload(upload("\ufeff" + csv_file("Zoë,zoe@example.com,,,,,,,,")))

    assert people_import.plan_import(text).rows[0].name == "Zoë"


def test_columns_may_come_in_any_order_and_blank_lines_are_ignored(db):
    header = "Email,Name,role,site,team,department,job_title,start_date,birthday_day,birthday_month"
    text = csv_file("a@example.com,Ann,,,,,,,,", ",,,,,,,,,", header=header)

    plan = people_import.plan_import(text)

    assert [(row.number, row.name) for row in plan.rows] == [(2, "Ann")]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "Ann,ann@example.com,Cardiff,Nowhere,,,,,,",
            "Unknown team “Nowhere” at site “Cardiff”.",
        ),
        ("Ann,ann@example.com,Atlantis,,,,,,,", "Unknown site “Atlantis”."),
        ("Ann,ann@example.com,,,Astrology,,,,,", "Unknown department “Astrology”."),
        ("Ann,ann@example.com,,,,wizard,,,,", "Unknown role “wizard”."),
        ("Ann,ann@example.com,,,,,,31/02/2024,,", "Bad date “31/02/2024”"),
        ("Ann,ann@example.com,,,,,,next tuesday,,", "Bad date “next tuesday”"),
        ("Ann,,,,,,,,,", "The email is missing."),
        (",ann@example.com,,,,,,,,", "The name is missing."),
        ("Ann,not-an-email,,,,,,,,", "“not-an-email” is not a valid email address."),
        ("Ann,ann@example.com,,,,,,,30,2", "February has no day 30."),
        ("Ann,ann@example.com,,,,,,,14,", "Give both the day and the month"),
        ("Ann,ann@example.com,,,,,,,x,3", "Birthday day “x” is not a whole number."),
        ("Ann,ann@example.com,,Billing,,,,,,", "The team “Billing” needs a site"),
    ],
)
def test_a_bad_row_is_an_error_with_the_precise_reason(row, message, billing_team):
    errors = errors_for(row)

    assert any(message in error for error in errors), errors


def test_a_birthday_with_an_impossible_day_and_month_reports_both(db):
    errors = errors_for("Ann,ann@example.com,,,,,,,40,13")

    assert errors == [
        "The birthday day must be between 1 and 31.",
        "The birthday month must be between 1 and 12.",
    ]


def test_an_impossible_birthday_names_the_month_in_the_readers_language(db):
    with translation.override("zh-hans"):
        errors = errors_for("Ann,ann@example.com,,,,,,,30,2")

    assert errors == ["二月没有 30 日。"]


def test_the_people_import_lists_the_roles_it_knows_with_the_languages_separator(
    chinese_separator, db
):
    (error,) = errors_for("Ann,ann@example.com,,,,wizard,,,,")

    assert error == (
        "Unknown role “wizard”. Use one of: agent、team leader、manager、"
        "department submitter (submitter)、administrator."
    )


def test_a_team_at_another_site_is_an_error(billing_team, shenzhen):
    errors = errors_for("Ann,ann@example.com,Shenzhen,Billing,,,,,,")

    assert errors == ["Unknown team “Billing” at site “Shenzhen”."]


def test_an_email_twice_in_the_file_is_an_error_on_every_row_naming_them(db):
    text = csv_file(
        "Ann,ann@example.com,,,,,,,,",
        "Bob,bob@example.com,,,,,,,,",
        "Ann Again,ANN@example.com,,,,,,,,",
    )

    plan = people_import.plan_import(text)

    assert plan.counts == {"new": 1, "update": 0, "unchanged": 0, "error": 2}
    for number in (2, 4):
        row = next(row for row in plan.rows if row.number == number)
        assert row.errors == ["The email ann@example.com appears more than once, on rows 2 and 4."]


def test_an_administrator_cannot_import_away_their_own_role(administrator):
    errors = errors_for(f"Ada Admin,{administrator.email},,,,agent,,,,", actor=administrator)

    assert errors == ["You cannot remove your own administrator role."]


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"PK\x03\x04binary", "people.xlsx", "not a CSV file"),
        ("name,email\r\nZoë,z@example.com\r\n".encode("utf-16"), "people.csv", "not a UTF-8"),
        (b"", "people.csv", "empty"),
        (b"name,email\r\nAnn,ann@example.com\r\n", "people.csv", "missing these columns: site"),
        (HEADER.encode() + b"\r\n", "people.csv", "no people in it"),
    ],
)
def test_a_file_that_is_not_a_usable_csv_is_refused(content, name, message, db):
    with pytest.raises(ValidationError) as caught:
        people_import.read_upload(SimpleUploadedFile(name, content))

    assert message in caught.value.messages[0]


def test_a_file_over_the_size_limit_is_refused(settings, db):
    settings.PEOPLE_IMPORT_MAX_BYTES = 100
    text = csv_file(*[f"Person {n},p{n}@example.com,,,,,,,," for n in range(10)])

    with pytest.raises(ValidationError, match="too large"):
        people_import.read_upload(upload(text))


def refusal(text):
    with pytest.raises(ValidationError) as caught:
        people_import.read_upload(upload(text))
    return caught.value.messages


def test_a_file_with_unknown_columns_is_refused_naming_them_and_the_accepted_ones(db):
    text = csv_file("Ann,ann@example.com,,,,,,,,,1990,x", header=HEADER + ",Birth year,notes")

    assert refusal(text) == [
        "The header row has columns Switchboard does not import: “Birth year”, “notes”. "
        "Correct their names or delete them; nothing in them would be imported. The columns "
        "it reads are: name, email, site, team, department, role, job_title, start_date, "
        "birthday_day, birthday_month, language."
    ]


def test_an_unknown_column_close_to_one_the_file_lacks_suggests_it(db):
    text = csv_file(
        "Ann,ann@example.com,,,,,,,,,zh-hans,14/03", header=HEADER + ",Langauge,birthday"
    )

    (message,) = refusal(text)

    # birthday_day and birthday_month are both in the file, so "birthday" cannot mean them.
    assert message.startswith(
        "The header row has columns Switchboard does not import: “Langauge” (did you mean "
        "language?), “birthday”. Correct their names"
    )


def test_a_misspelt_required_column_is_reported_as_missing_and_as_unknown_with_a_suggestion(db):
    text = csv_file("Ann,ann@example.com,,,,,,,,", header=HEADER.replace("email", "emial"))

    missing, unknown = refusal(text)

    assert missing.startswith("The header row is missing these columns: email.")
    assert "“emial” (did you mean email?)" in unknown


def test_headers_match_whatever_their_case_spaces_or_hyphens(db):
    header = (
        " Name ,EMAIL,Site,Team,Department,Role,Job Title,start-date,Birthday Day,"
        "BIRTHDAY_MONTH, Language "
    )
    text = people_import.read_upload(
        upload(csv_file("Ann,ann@example.com,,,,,,,,,ZH-HANS", header=header))
    )

    (row,) = people_import.plan_import(text).rows
    assert row.outcome == people_import.NEW
    assert row.profile_values["language"] == "zh-hans"


def test_a_column_named_twice_is_refused(db):
    text = csv_file("Ann,ann@example.com,,,,,,,,,en-gb,zh-hans", header=WITH_LANGUAGE + ",Language")

    assert refusal(text) == [
        "The header row names language more than once. Keep one column of each: only the "
        "first would be imported."
    ]


def test_values_in_a_column_without_a_name_are_refused_naming_the_row_they_start_on(db):
    text = csv_file(
        "Ann,ann@example.com,,,,,,,,,",
        "Bob,bob@example.com,,,,,,,,,,,call before 9",
        "Cy,cy@example.com,,,,,,,,,,,call after 5",
        header=HEADER + ",",
    )

    assert refusal(text) == [
        "These columns have values but no name in the header row: column M, from row 3. "
        "Name them or delete them; nothing in them would be imported. A value with a comma "
        "in it needs double quotes around it, or the rest of its row moves one column to "
        "the right."
    ]


def test_each_column_without_a_name_is_named_with_its_own_first_row(db):
    text = csv_file(
        "Ann,ann@example.com,,,,,,,,",
        "Shah, Priya,priya@example.com,,,,,,,14,3",
        "Bo,bo@example.com,,,,,,,,,,,call first",
        "Cy,cy@example.com,,,,,,,,,,,call after 5",
        header=HEADER,
    )

    (message,) = refusal(text)

    assert "header row: column K, from row 3; column M, from row 4. Name them" in message


def test_a_semicolon_file_with_values_in_a_column_without_a_name_has_no_comma_advice(db):
    text = csv_file("Ann;ann@example.com;;;;;;;;;;extra", header=HEADER.replace(",", ";"))

    (message,) = refusal(text)

    assert "column L, from row 2" in message
    assert "comma" not in message


def test_an_empty_column_without_a_name_is_no_problem(db):
    text = csv_file(
        "Ann,ann@example.com,,,,,,,,,", "Bob,bob@example.com,,,,,,,,,", header=HEADER + ","
    )

    assert people_import.plan_import(people_import.read_upload(upload(text))).counts["new"] == 2


# The language column ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("zh-hans", "zh-hans"),
        ("ZH-Hans", "zh-hans"),
        ("zh_hans", "zh-hans"),
        ("简体中文", "zh-hans"),
        ("Simplified Chinese", "zh-hans"),
        ("chinese", "zh-hans"),
        ("zh", "zh-hans"),
        ("en-GB", "en-gb"),
        ("en", "en-gb"),
        ("English", "en-gb"),
        (" british english ", "en-gb"),
    ],
)
def test_language_accepts_the_code_or_the_name_in_any_case(written, code, db):
    plan = people_import.plan_import(
        csv_file(f"Ann,ann@example.com,,,,,,,,,{written}", header=WITH_LANGUAGE)
    )

    (row,) = plan.rows
    assert row.outcome == people_import.NEW
    assert row.profile_values["language"] == code


def test_an_unknown_language_is_an_error_naming_it_and_the_accepted_ones(db):
    plan = people_import.plan_import(
        csv_file("Ann,ann@example.com,,,,,,,,,Klingon", header=WITH_LANGUAGE)
    )

    (row,) = plan.rows
    assert row.outcome == people_import.ERROR
    assert row.errors == [
        "Unknown language “Klingon”. Use one of: en-gb (English), zh-hans (简体中文)."
    ]


@pytest.mark.parametrize("header", [HEADER, WITH_LANGUAGE])
def test_a_new_person_without_a_language_gets_the_portal_default(header, administrator):
    row = (
        "Ann,ann@example.com,,,,,,,,," if header == WITH_LANGUAGE else "Ann,ann@example.com,,,,,,,,"
    )

    apply(csv_file(row, header=header), administrator)

    assert Profile.objects.get(user__email="ann@example.com").language == (
        Profile._meta.get_field("language").get_default()
    )


def test_a_blank_language_keeps_the_language_of_someone_who_exists(administrator, make_person):
    person = make_person(email="li@example.com", display_name="Li", language="zh-hans")
    text = csv_file("Li,li@example.com,,,,,,,,,", header=WITH_LANGUAGE)

    assert people_import.plan_import(text).rows[0].outcome == people_import.UNCHANGED
    apply(text, administrator)

    person.profile.refresh_from_db()
    assert person.profile.language == "zh-hans"


def test_a_new_language_for_someone_who_exists_is_previewed_and_applied(administrator, make_person):
    person = make_person(email="li@example.com", display_name="Li", language="en-gb")
    text = csv_file("Li,li@example.com,,,,,,,,,Chinese", header=WITH_LANGUAGE)

    (row,) = people_import.plan_import(text).rows
    assert row.outcome == people_import.UPDATE
    assert [(change.field, change.old, change.new) for change in row.changes] == [
        ("language", "English", "简体中文")
    ]
    apply(text, administrator)

    person.profile.refresh_from_db()
    assert person.profile.language == "zh-hans"


def test_reimporting_a_file_with_languages_changes_nothing(
    administrator, billing_team, django_capture_on_commit_callbacks, mailoutbox
):
    text = csv_file(
        "Ann,ann@example.com,Cardiff,Billing,,,,,,,en-gb",
        "Li Wei,li@example.com,Cardiff,Billing,,,,,,,简体中文",
        header=WITH_LANGUAGE,
    )
    with django_capture_on_commit_callbacks(execute=True):
        apply(text, administrator)
    before = list(Profile.objects.order_by("pk").values())
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        record = apply(text, administrator)

    assert record.summary == {"created": 0, "updated": 0, "unchanged": 2, "skipped": []}
    assert list(Profile.objects.order_by("pk").values()) == before
    assert mailoutbox == []


def test_an_imported_person_gets_their_invitation_in_their_own_language(
    administrator, django_capture_on_commit_callbacks, mailoutbox
):
    text = csv_file(
        "Li Wei,li@example.com,,,,,,,,,zh-hans",
        "Ann,ann@example.com,,,,,,,,,",
        header=WITH_LANGUAGE,
    )

    with django_capture_on_commit_callbacks(execute=True):
        apply(text, administrator)

    subjects = {message.to[0]: message.subject for message in mailoutbox}
    assert subjects == {
        "li@example.com": "[Switchboard] 邀请你加入 Switchboard",
        "ann@example.com": "[Switchboard] You're invited to Switchboard",
    }


# Applying --------------------------------------------------------------------------


def test_applying_creates_people_and_sends_one_invitation_each(
    administrator, billing_team, sales_team, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        record = apply(GOOD_ROWS, administrator)

    assert record.status == PeopleImport.Status.APPLIED
    assert record.summary == {"created": 2, "updated": 0, "unchanged": 0, "skipped": []}
    li = User.objects.select_related("profile").get(email="li.wei@example.com")
    assert li.role == Role.TEAM_LEADER
    assert li.profile.display_name == "Li Wei"
    assert li.profile.team == sales_team
    assert not li.has_usable_password()
    assert not li.is_staff
    assert sorted(message.to[0] for message in mailoutbox) == [
        "li.wei@example.com",
        "priya@example.com",
    ]
    assert Invitation.objects.filter(sent_at__isnull=False, invited_by=administrator).count() == 2


def test_an_imported_administrator_gets_staff_rights(administrator, db):
    apply(csv_file("Bo Boss,bo@example.com,,,,administrator,,,,"), administrator)

    bo = User.objects.get(email="bo@example.com")
    assert bo.is_staff and bo.is_superuser


def test_reimporting_the_same_file_changes_nothing(
    administrator, billing_team, sales_team, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        apply(GOOD_ROWS, administrator)
    before = list(Profile.objects.order_by("pk").values())
    mailoutbox.clear()

    assert people_import.plan_import(GOOD_ROWS).counts["unchanged"] == 2
    with django_capture_on_commit_callbacks(execute=True):
        record = apply(GOOD_ROWS, administrator)

    assert record.summary == {"created": 0, "updated": 0, "unchanged": 2, "skipped": []}
    assert list(Profile.objects.order_by("pk").values()) == before
    assert User.objects.count() == 3
    assert Invitation.objects.count() == 2
    assert mailoutbox == []


def test_a_changed_row_updates_the_person_and_says_what_changes(
    administrator, make_person, billing_team, sales_team, mailoutbox
):
    person = make_person(Role.AGENT, email="sam@example.com", display_name="Sam Old")
    text = csv_file("Sam New,SAM@example.com,Shenzhen,Sales,Customer Service,manager,,,,")

    plan = people_import.plan_import(text)
    (row,) = plan.rows
    assert row.outcome == people_import.UPDATE
    assert {(change.field, change.old, change.new) for change in row.changes} == {
        ("role", "Agent", "Manager"),
        ("display_name", "Sam Old", "Sam New"),
        ("site", "Cardiff", "Shenzhen"),
        ("team", "Billing", "Sales"),
    }

    record = apply(text, administrator)

    person.refresh_from_db()
    person.profile.refresh_from_db()
    assert record.summary["updated"] == 1
    assert person.role == Role.MANAGER
    assert person.profile.display_name == "Sam New"
    assert person.profile.team == sales_team
    assert not Invitation.objects.filter(user=person).exists()


def test_an_empty_role_keeps_the_role_of_someone_who_exists(administrator, make_person):
    make_person(Role.MANAGER, email="mo@example.com", display_name="Mo", team=None, site=None)
    plan = people_import.plan_import(csv_file("Mo,mo@example.com,,,Customer Service,,,,,"))

    assert plan.rows[0].outcome == people_import.UNCHANGED


def test_bad_rows_are_skipped_with_their_reasons_and_good_rows_still_import(
    administrator, billing_team
):
    text = csv_file(
        "Ann,ann@example.com,Cardiff,Billing,,,,,,", "Bob,bob@example.com,,,,wizard,,,,"
    )

    record = apply(text, administrator)

    assert record.summary["created"] == 1
    assert record.summary["skipped"] == [
        {
            "row": 3,
            "email": "bob@example.com",
            "reasons": [
                "Unknown role “wizard”. Use one of: agent, team leader, manager, "
                "department submitter (submitter), administrator."
            ],
        }
    ]
    assert not User.objects.filter(email="bob@example.com").exists()


def test_applying_the_same_import_twice_applies_it_once(
    administrator, django_capture_on_commit_callbacks, mailoutbox, db
):
    record = people_import.upload_import(
        actor=administrator, filename="p.csv", text=csv_file("Ann,ann@example.com,,,,,,,,")
    )
    with django_capture_on_commit_callbacks(execute=True):
        first, applied_first = people_import.apply_import(actor=administrator, people_import=record)
    with django_capture_on_commit_callbacks(execute=True):
        second, applied_second = people_import.apply_import(
            actor=administrator, people_import=record
        )

    assert (applied_first, applied_second) == (True, False)
    assert second.summary == first.summary
    assert User.objects.filter(email="ann@example.com").count() == 1
    assert len(mailoutbox) == 1


def test_only_administrators_may_upload_or_apply(agent, manager, administrator):
    record = people_import.upload_import(
        actor=administrator, filename="p.csv", text=csv_file("Ann,ann@example.com,,,,,,,,")
    )
    for person in (agent, manager):
        with pytest.raises(PermissionDenied):
            people_import.apply_import(actor=person, people_import=record)
        with pytest.raises(PermissionDenied):
            people_import.upload_import(actor=person, filename="p.csv", text="")
    record.refresh_from_db()
    assert record.status == PeopleImport.Status.PENDING


def test_twenty_thousand_rows_plan_and_apply_in_a_fixed_number_of_queries(
    administrator, billing_team, django_assert_max_num_queries
):
    rows = [
        f"Person {n},person{n}@example.com,Cardiff,Billing,Customer Service,,,2024-01-02,,,"
        f"{('en-gb', 'Chinese')[n % 2]}"
        for n in range(20_000)
    ]
    text = csv_file(*rows, header=WITH_LANGUAGE)

    with django_assert_max_num_queries(20):
        plan = people_import.plan_import(text)
    assert plan.counts["new"] == 20_000

    record = people_import.upload_import(actor=administrator, filename="big.csv", text=text)
    with django_assert_max_num_queries(120):
        record, _applied = people_import.apply_import(actor=administrator, people_import=record)
    assert record.summary["created"] == 20_000
    assert Invitation.objects.count() == 20_000


# Pages -----------------------------------------------------------------------------


def test_the_template_has_the_header_and_an_example_row(admin_client):
    response = admin_client.get(reverse("people:import_template"))

    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert lines[0] == WITH_LANGUAGE
    assert lines[1].endswith(",en-gb")
    assert len(lines) == 2


def test_uploading_shows_a_preview_and_confirming_imports(
    admin_client, billing_team, sales_team, django_capture_on_commit_callbacks, mailoutbox
):
    response = admin_client.post(reverse("people:import"), {"file": upload(GOOD_ROWS)})

    record = PeopleImport.objects.get()
    assert record.filename == "people.csv"
    assert response.url == reverse("people:import_preview", args=[record.pk])
    preview = admin_client.get(response.url)
    assert "Import 2 people" in preview.content.decode()
    assert not User.objects.filter(email="priya@example.com").exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("people:import_apply", args=[record.pk]), follow=True)

    page = response.content.decode()
    assert "Import finished" in page
    assert "2 added, 0 updated" in page
    assert User.objects.filter(email="priya@example.com").exists()
    assert len(mailoutbox) == 2


def test_the_preview_shows_the_reason_for_each_bad_row(admin_client, billing_team):
    text = csv_file("Ann,ann@example.com,Cardiff,Nowhere,,,,,,")
    admin_client.post(reverse("people:import"), {"file": upload(text)})
    record = PeopleImport.objects.get()

    page = admin_client.get(
        reverse("people:import_preview", args=[record.pk]), {"show": "error"}
    ).content.decode()

    assert "Unknown team “Nowhere” at site “Cardiff”." in page
    assert "Nothing to import" in page


def test_confirming_twice_imports_once_and_says_so(
    admin_client, django_capture_on_commit_callbacks, mailoutbox, db
):
    admin_client.post(
        reverse("people:import"), {"file": upload(csv_file("Ann,ann@example.com,,,,,,,,"))}
    )
    record = PeopleImport.objects.get()
    url = reverse("people:import_apply", args=[record.pk])

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(url)
        response = admin_client.post(url, follow=True)

    assert "already imported" in response.content.decode()
    assert User.objects.filter(email="ann@example.com").count() == 1
    assert len(mailoutbox) == 1


def test_a_bad_upload_is_explained_on_the_form(admin_client):
    response = admin_client.post(
        reverse("people:import"), {"file": upload("name,email\r\nAnn,a@example.com\r\n")}
    )

    assert response.status_code == 200
    assert "missing these columns" in response.content.decode()
    assert not PeopleImport.objects.exists()


def test_the_upload_page_lists_recent_imports(admin_client, administrator):
    people_import.upload_import(actor=administrator, filename="march.csv", text=HEADER)

    page = admin_client.get(reverse("people:import")).content.decode()

    assert "march.csv" in page
    assert "Waiting for confirmation" in page


def test_the_template_example_row_imports_cleanly_into_an_existing_team(
    admin_client, administrator, billing_team
):
    response = admin_client.get(reverse("people:import_template"))

    plan = people_import.plan_import(response.content.decode())

    assert [row.errors for row in plan.rows] == [[]]
    assert plan.rows[0].profile_values["team"] == billing_team


def test_a_blank_cell_keeps_what_an_existing_person_already_has(
    admin_client, administrator, make_person, billing_team
):
    person = make_person(email="kept@example.com", display_name="Kept Person", job_title="Adviser")
    text = (
        "name,email,site,team,department,role,job_title,start_date,birthday_day,birthday_month\r\n"
        "Kept Person,kept@example.com,,,,,,,,\r\n"
    )

    plan = people_import.plan_import(text, actor=administrator)

    assert [row.outcome for row in plan.rows] == [people_import.UNCHANGED]
    person.profile.refresh_from_db()
    assert person.profile.job_title == "Adviser"
    assert person.profile.team == billing_team


def test_an_upload_with_an_unknown_column_is_explained_on_the_form(admin_client):
    text = csv_file("Ann,ann@example.com,,,,,,,,,1990", header=HEADER + ",birth_year")

    response = admin_client.post(reverse("people:import"), {"file": upload(text)})

    assert response.status_code == 200
    assert "does not import: “birth_year”" in response.content.decode()
    assert not PeopleImport.objects.exists()


def test_the_upload_page_explains_the_language_column(admin_client):
    page = admin_client.get(reverse("people:import")).content.decode()

    assert "Optional columns:" in page
    assert "<code>language</code>" in page
    assert "<code>zh-hans</code> (简体中文)" in page
    assert "new people get email in English" in page


def test_the_preview_shows_a_change_of_language(admin_client, make_person):
    make_person(email="li@example.com", display_name="Li", language="en-gb")
    text = csv_file("Li,li@example.com,,,,,,,,,zh-hans", header=WITH_LANGUAGE)
    response = admin_client.post(reverse("people:import"), {"file": upload(text)})

    page = admin_client.get(response.url).content.decode()

    assert "Language</span>: English" in page
    assert "简体中文" in page


def preview_of(admin_client, text, **query):
    response = admin_client.post(reverse("people:import"), {"file": upload(text)})
    return admin_client.get(response.url, query).content.decode()


def test_a_new_person_lists_what_they_get_in_order_leaving_out_empty_details(
    billing_team, administrator
):
    text = csv_file(
        "Priya Shah,priya@example.com,Cardiff,Billing,Customer Service,manager,Adviser,"
        "2024-09-02,14,3,zh-hans",
        "Ann,ann@example.com,,,,,,,,,",
        header=WITH_LANGUAGE,
    )

    priya, ann = people_import.plan_import(text, actor=administrator).rows

    assert [(str(detail.label), detail.value) for detail in priya.details] == [
        ("Site", "Cardiff"),
        ("Team", "Billing"),
        ("Department", "Customer Service"),
        ("Role", "Manager"),
        ("Language", "简体中文"),
        ("Job title", "Adviser"),
        ("Start date", "Mon 2 Sep 2024"),
        ("Birthday", "14 March"),
    ]
    # Left empty, the role still becomes agent and the language says what it means.
    assert [(str(detail.label), detail.value) for detail in ann.details] == [
        ("Role", "Agent"),
        ("Language", "Not set: pages follow the browser, email in English"),
    ]


def test_the_preview_shows_what_each_new_person_gets(admin_client, billing_team):
    text = csv_file(
        "Priya Shah,priya@example.com,Cardiff,Billing,,team leader,,2024-09-02,29,2,zh-hans",
        header=WITH_LANGUAGE,
    )

    page = preview_of(admin_client, text)

    for label, value in [
        ("Site", "Cardiff"),
        ("Team", "Billing"),
        ("Role", "Team leader"),
        ("Language", "简体中文"),
        ("Start date", "Mon 2 Sep 2024"),
        ("Birthday", "29 February"),
    ]:
        assert f'{label}</span>: <span class="text-break">{value}</span>' in page
    assert "Department</span>:" not in page
    assert "Job title</span>:" not in page


def test_the_preview_shows_a_new_persons_birthday_in_the_readers_language(
    client, make_person, billing_team
):
    client.force_login(make_person(Role.ADMINISTRATOR, language="zh-hans"))
    text = csv_file("Priya Shah,priya@example.com,,,,,,,14,3")

    page = preview_of(client, text)

    assert "3月14日" in page


def test_the_preview_of_new_people_costs_the_same_queries_for_more_rows(
    admin_client, billing_team, django_assert_num_queries
):
    def rows(count):
        return csv_file(
            *(
                f"Person {n},person{n}@example.com,Cardiff,Billing,Customer Service,,Adviser,"
                "2024-09-02,14,3"
                for n in range(count)
            )
        )

    few = admin_client.post(reverse("people:import"), {"file": upload(rows(3))}).url
    many = admin_client.post(reverse("people:import"), {"file": upload(rows(60))}).url
    with CaptureQueriesContext(connection) as queries:
        admin_client.get(few)

    with django_assert_num_queries(len(queries)):
        page = admin_client.get(many).content.decode()
    assert page.count('Team</span>: <span class="text-break">Billing</span>') == 60


def problems_badge(page):
    return re.search(r'Problems <span class="badge text-bg-(\w+)">(\d+)</span>', page).groups()


def test_the_problems_badge_is_neutral_when_there_are_none(admin_client, billing_team):
    page = preview_of(admin_client, csv_file("Ann,ann@example.com,Cardiff,Billing,,,,,,"))

    assert problems_badge(page) == ("light", "0")


def test_the_problems_badge_is_red_when_a_row_has_a_problem(admin_client, billing_team):
    page = preview_of(
        admin_client,
        csv_file("Ann,ann@example.com,Cardiff,Nowhere,,,,,,", "Bo,bo@example.com,,,,,,,,"),
    )

    assert problems_badge(page) == ("danger", "1")


def test_a_refused_upload_names_the_file_above_the_reasons(admin_client):
    text = csv_file("Ann,ann@example.com,,,,,,,,,1990", header=HEADER + ",birth_year")

    response = admin_client.post(
        reverse("people:import"), {"file": upload(text, name="march starters.csv")}
    )

    page = response.content.decode()
    named = page.index(
        "“march starters.csv” was not imported. Correct the file and choose it again."
    )
    assert named < page.index("does not import: “birth_year”")
    assert "Please correct the highlighted fields." not in page


def test_an_upload_without_a_file_asks_for_one_without_naming_any(admin_client):
    response = admin_client.post(reverse("people:import"), {"file": ""})

    page = response.content.decode()
    assert "was not imported" not in page
    assert "Please correct the highlighted fields." in page


def test_the_import_result_never_doubles_the_full_stop_after_the_time(admin_client, administrator):
    record = apply(csv_file("Ann,ann@example.com,,,,,,,,"), administrator)
    record.applied_at = datetime.datetime(2026, 11, 25, 9, 3, tzinfo=datetime.UTC)
    record.save(update_fields=["applied_at"])

    page = admin_client.get(reverse("people:import_preview", args=[record.pk])).content.decode()

    assert "people.csv, imported Wed 25 Nov 2026, 09:03</p>" in page


def test_the_import_result_in_chinese_never_doubles_the_full_stop(client, make_person):
    chinese_admin = make_person(Role.ADMINISTRATOR, language="zh-hans")
    client.force_login(chinese_admin)
    record = apply(csv_file("Ann,ann@example.com,,,,,,,,"), chinese_admin)

    page = client.get(reverse("people:import_preview", args=[record.pk])).content.decode()

    line = re.search(r"people\.csv[^<]*</p>", page).group()
    assert not re.search(r"[.。]\s*[.。]", line)


def kept_from_before(administrator):
    """An upload kept from before unknown columns were refused, which uploading now refuses."""
    return PeopleImport.objects.create(
        uploaded_by=administrator,
        filename="old.csv",
        content=csv_file("Ann,ann@example.com,,,,,,,,,1990", header=HEADER + ",birth_year"),
    )


def test_a_kept_file_with_an_unknown_column_sends_the_administrator_back_to_upload(
    admin_client, administrator
):
    # Uploaded before unknown columns were refused: the preview cannot trust it any more.
    record = kept_from_before(administrator)

    response = admin_client.get(reverse("people:import_preview", args=[record.pk]), follow=True)

    assert response.redirect_chain == [(reverse("people:import"), 302)]
    page = response.content.decode()
    assert "“old.csv” was not imported. Correct the file and choose it again." in page
    assert "does not import: “birth_year”" in page
    record.refresh_from_db()
    assert record.status == PeopleImport.Status.PENDING


def test_confirming_a_kept_file_with_an_unknown_column_imports_nothing_and_says_why_once(
    admin_client, administrator
):
    record = kept_from_before(administrator)

    response = admin_client.post(reverse("people:import_apply", args=[record.pk]), follow=True)

    assert response.redirect_chain == [(reverse("people:import"), 302)]
    assert response.content.decode().count("does not import: “birth_year”") == 1
    assert not User.objects.filter(email="ann@example.com").exists()
    record.refresh_from_db()
    assert record.status == PeopleImport.Status.PENDING


def test_someone_added_meanwhile_sends_the_administrator_back_to_the_preview(
    admin_client, administrator, monkeypatch
):
    record = people_import.upload_import(
        actor=administrator, filename="p.csv", text=csv_file("Ann,ann@example.com,,,,,,,,")
    )

    def added_meanwhile(rows, *, actor):
        raise IntegrityError

    monkeypatch.setattr(people_import, "_create_people", added_meanwhile)

    response = admin_client.post(reverse("people:import_apply", args=[record.pk]), follow=True)

    assert response.redirect_chain == [(reverse("people:import_preview", args=[record.pk]), 302)]
    assert "added by somebody else" in response.content.decode()
    record.refresh_from_db()
    assert record.status == PeopleImport.Status.PENDING


# A file with nothing to import ------------------------------------------------------

EVERY_ROW_BAD = csv_file("Ann,ann@example.com,Atlantis,,,,,,,", "Bo,not-an-email,,,,,,,,")


def test_a_file_whose_every_row_has_a_problem_is_kept_as_nothing_to_import(administrator):
    record = people_import.upload_import(
        actor=administrator, filename="bad.csv", text=EVERY_ROW_BAD
    )

    record.refresh_from_db()
    assert record.status == PeopleImport.Status.NOTHING_TO_IMPORT
    assert record.summary == {
        "skipped": [
            {"row": 2, "email": "ann@example.com", "reasons": ["Unknown site “Atlantis”."]},
            {
                "row": 3,
                "email": "not-an-email",
                "reasons": ["“not-an-email” is not a valid email address."],
            },
        ]
    }


def test_a_file_with_one_good_row_among_bad_ones_waits_for_confirmation(administrator):
    text = csv_file("Ann,ann@example.com,Atlantis,,,,,,,", "Bo,bo@example.com,,,,,,,,")

    record = people_import.upload_import(actor=administrator, filename="mixed.csv", text=text)

    assert record.status == PeopleImport.Status.PENDING


def badge_after(page, filename):
    return re.search(
        re.escape(filename) + r'.*?<span class="badge [^"]*text-bg-(\w+)">([^<]*)</span>',
        page,
        re.DOTALL,
    ).groups()


def test_recent_imports_say_there_is_nothing_to_import_with_a_red_badge(
    admin_client, administrator
):
    people_import.upload_import(actor=administrator, filename="bad.csv", text=EVERY_ROW_BAD)
    people_import.upload_import(
        actor=administrator, filename="good.csv", text=csv_file("Bo,bo@example.com,,,,,,,,")
    )

    page = admin_client.get(reverse("people:import")).content.decode()

    assert badge_after(page, "bad.csv") == ("danger", "Nothing to import: every row has a problem")
    assert badge_after(page, "good.csv") == ("warning", "Waiting for confirmation")


def test_an_import_with_nothing_to_import_lists_its_problems_and_offers_no_confirmation(
    admin_client,
):
    response = admin_client.post(
        reverse("people:import"), {"file": upload(EVERY_ROW_BAD, name="bad.csv")}
    )
    record = PeopleImport.objects.get()

    page = admin_client.get(response.url).content.decode()

    assert '<h1 class="h3 mb-1">Nothing to import</h1>' in page
    assert "All 2 rows of the file have a problem, so there is nothing to confirm." in page
    assert "Unknown site “Atlantis”." in page
    assert "“not-an-email” is not a valid email address." in page
    assert reverse("people:import_apply", args=[record.pk]) not in page


def test_confirming_an_import_with_nothing_to_import_creates_nobody_and_says_why(
    admin_client, administrator, mailoutbox
):
    record = people_import.upload_import(
        actor=administrator, filename="bad.csv", text=EVERY_ROW_BAD
    )

    response = admin_client.post(reverse("people:import_apply", args=[record.pk]), follow=True)

    assert response.redirect_chain == [(reverse("people:import_preview", args=[record.pk]), 302)]
    page = response.content.decode()
    assert (
        "Nothing was imported: every row of “bad.csv” has a problem. Correct the file and "
        "upload it again." in page
    )
    assert "already imported" not in page
    assert not User.objects.filter(email="ann@example.com").exists()
    assert mailoutbox == []
    record.refresh_from_db()
    assert record.status == PeopleImport.Status.NOTHING_TO_IMPORT


def test_an_import_whose_every_row_went_wrong_since_the_upload_is_closed_when_confirmed(
    administrator, billing_team
):
    record = people_import.upload_import(
        actor=administrator,
        filename="p.csv",
        text=csv_file("Ann,ann@example.com,Cardiff,Billing,,,,,,"),
    )
    assert record.status == PeopleImport.Status.PENDING
    Team.objects.filter(pk=billing_team.pk).update(name="Billing and payments")

    record, applied = people_import.apply_import(actor=administrator, people_import=record)

    assert not applied
    record.refresh_from_db()
    assert record.status == PeopleImport.Status.NOTHING_TO_IMPORT
    assert record.applied_at is None
    assert record.summary["skipped"][0]["reasons"] == ["Unknown team “Billing” at site “Cardiff”."]
    assert not User.objects.filter(email="ann@example.com").exists()


# Dates on the import pages -----------------------------------------------------------


def three_imports_uploaded_at(actor, moment):
    """One waiting, one with nothing to import and one imported five minutes later."""
    waiting = people_import.upload_import(
        actor=actor, filename="waiting.csv", text=csv_file("Bo,bo@example.com,,,,,,,,")
    )
    nothing = people_import.upload_import(actor=actor, filename="bad.csv", text=EVERY_ROW_BAD)
    imported = apply(csv_file("Cy,cy@example.com,,,,,,,,"), actor)
    PeopleImport.objects.update(created_at=moment)
    PeopleImport.objects.filter(pk=imported.pk).update(
        applied_at=moment + datetime.timedelta(minutes=5)
    )
    return waiting, nothing, imported


def import_pages(client, waiting, nothing, imported):
    """The upload page with its recent imports, then each import's own page."""
    return [
        client.get(reverse("people:import")).content.decode(),
        *(
            client.get(reverse("people:import_preview", args=[record.pk])).content.decode()
            for record in (waiting, nothing, imported)
        ),
    ]


def test_the_import_pages_write_times_the_portals_way_on_the_readers_clock(
    client, make_person, shenzhen
):
    reader = make_person(Role.ADMINISTRATOR, display_name="Shen Admin", site=shenzhen, team=None)
    client.force_login(reader)
    records = three_imports_uploaded_at(
        reader, datetime.datetime(2026, 11, 25, 9, 3, tzinfo=datetime.UTC)
    )

    upload_page, waiting, nothing, imported = import_pages(client, *records)

    # 09:03 UTC is 17:03 in Shenzhen.
    uploaded = "Uploaded Wed 25 Nov 2026, 17:03 by Shen Admin"
    assert upload_page.count(uploaded) == 3
    assert uploaded in waiting
    assert uploaded in nothing
    assert "people.csv, imported Wed 25 Nov 2026, 17:08</p>" in imported


def test_the_import_pages_write_times_in_the_readers_language(client, make_person):
    reader = make_person(Role.ADMINISTRATOR, language="zh-hans")
    client.force_login(reader)
    records = three_imports_uploaded_at(
        reader, datetime.datetime(2026, 11, 25, 9, 3, tzinfo=datetime.UTC)
    )

    upload_page, waiting, nothing, imported = import_pages(client, *records)

    # Cardiff is on GMT in November.
    assert upload_page.count("2026年11月25日 星期三 09:03") == 3
    assert "2026年11月25日 星期三 09:03" in waiting
    assert "2026年11月25日 星期三 09:03" in nothing
    assert "2026年11月25日 星期三 09:08" in imported


def test_the_preview_writes_a_start_date_with_its_weekday_in_the_readers_language(
    client, make_person
):
    client.force_login(make_person(Role.ADMINISTRATOR, language="zh-hans"))
    make_person(email="kept@example.com", display_name="Kept", start_date=datetime.date(2024, 9, 2))

    page = preview_of(client, csv_file("Kept,kept@example.com,,,,,,03/09/2024,,"))

    assert "2024年9月2日 星期一" in page
    assert "2024年9月3日 星期二" in page
