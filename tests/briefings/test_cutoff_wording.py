"""What the pages say about the cut-off is each site's own cut-off, as the dates are."""

import datetime
import html

from django.urls import reverse

from tests.briefings.conftest import at

TEN = datetime.time(10, 0)


def submit_form(client, person):
    client.force_login(person)
    return html.unescape(client.get(reverse("briefings:new_item")).content.decode())


def preview(client, person, **query):
    client.force_login(person)
    response = client.get(
        reverse("briefings:landing_preview"), query, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_the_submit_form_states_a_changed_cutoff_and_dates_by_it(
    client, submitter, cardiff, travel
):
    cardiff.briefing_cutoff_time = TEN
    cardiff.save()
    travel(at("2026-03-10 10:30"))

    page = submit_form(client, submitter)

    assert (
        "Each site's briefing takes what is submitted before 10:00 the day before "
        "(the site's time) and goes out at 07:30, if approved by then." in page
    )
    assert "16:00" not in page
    # Past Cardiff's 10:00 cut-off, so Thursday's briefing, not Wednesday's.
    assert "the briefing of Thursday 12 March" in page


def test_sites_with_different_cutoffs_each_name_their_own(
    client, submitter, cardiff, shenzhen, travel
):
    cardiff.briefing_cutoff_time = TEN
    cardiff.save()
    travel(at("2026-03-10 07:00"))  # 15:00 in Shenzhen

    page = submit_form(client, submitter)

    assert "Sites keep different times" in page
    assert "before 10:00 the day before" not in page
    assert (
        "<strong>Cardiff</strong> (cut-off 10:00 Cardiff time): the briefing of Wednesday 11 March"
        in page
    )
    assert (
        "<strong>Shenzhen</strong> (cut-off 16:00 Shenzhen time): "
        "the briefing of Wednesday 11 March" in page
    )


def test_the_preview_states_the_cutoff_of_the_site_chosen(client, submitter, cardiff, shenzhen):
    cardiff.briefing_cutoff_time = TEN
    cardiff.save()

    fragment = preview(client, submitter, sites=[shenzhen.pk])

    assert "submitted before 16:00 the day before" in fragment
    assert "Cardiff" not in fragment and "10:00" not in fragment


def test_a_site_past_its_cutoff_says_so_and_goes_out_the_day_after(
    client, submitter, cardiff, shenzhen, travel
):
    # 10:00 in Cardiff is 18:00 in Shenzhen: past Shenzhen's 16:00 cut-off for Wednesday.
    travel(at("2026-03-10 10:00"))

    fragment = preview(client, submitter)

    assert (
        "<strong>Shenzhen</strong>: cut-off passed at 16:00 Shenzhen time, so the briefing of "
        "Thursday 12 March (out on Wed 11 Mar at 23:30 your time)" in fragment
    )
    assert "<strong>Cardiff</strong>: the briefing of Wednesday 11 March" in fragment
    assert fragment.count("cut-off passed") == 1


def test_an_urgent_item_has_no_cutoff_to_miss(client, manager, cardiff, travel):
    travel(at("2026-03-10 17:00"))

    fragment = preview(client, manager, urgent="on")

    assert "cut-off passed" not in fragment
    assert "<strong>Cardiff</strong>: the briefing of Wednesday 11 March" in fragment


def test_the_submitters_own_item_page_does_not_claim_a_missed_cutoff(
    client, submitter, submit, travel
):
    travel(at("2026-03-10 17:00"))
    item = submit()
    client.force_login(submitter)

    page = html.unescape(client.get(item.get_absolute_url()).content.decode())

    assert "<strong>Cardiff</strong>: the briefing of Thursday 12 March" in page
    assert "cut-off passed" not in page


def test_an_empty_briefing_states_the_sites_own_cutoff(
    client, agent, cardiff, travel, run_dispatch
):
    cardiff.briefing_cutoff_time = TEN
    cardiff.save()
    travel(at("2026-03-11 07:31"))
    run_dispatch()
    client.force_login(agent)

    page = html.unescape(client.get(reverse("briefings:index")).content.decode())

    assert "Nothing new for you today" in page
    assert "Departments submit news before 10:00 the day before" in page
    assert "16:00" not in page


def test_my_items_names_no_fixed_cutoff(client, submitter):
    client.force_login(submitter)

    page = html.unescape(client.get(reverse("briefings:my_items")).content.decode())

    assert "Nothing submitted yet" in page
    assert "16:00" not in page and "07:30" not in page
