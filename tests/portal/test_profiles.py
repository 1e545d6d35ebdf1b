"""People edit their own profiles; administrators edit anyone's; photos and bios are made safe."""

import datetime
import io
import re
from html.parser import HTMLParser

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from portal import services
from portal.markdown import render_markdown
from portal.models import Profile, Role, Team


@pytest.fixture
def sales_team(shenzhen, marketing):
    return Team.objects.create(name="Sales", site=shenzhen, department=marketing)


def own_profile_form(profile, **changes):
    data = {
        "display_name": profile.display_name,
        "job_title": profile.job_title,
        "bio": profile.bio,
        "skills": profile.skills,
        "languages": profile.languages,
        "birthday_day": profile.birthday_day or "",
        "birthday_month": profile.birthday_month or "",
        "celebrate_birthday": "on" if profile.celebrate_birthday else "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


def admin_profile_form(profile, **changes):
    data = own_profile_form(profile)
    data.update(
        role=profile.user.role,
        site=profile.site_id or "",
        team=profile.team_id or "",
        department=profile.department_id or "",
        start_date=profile.start_date.isoformat() if profile.start_date else "",
    )
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


# Editing through the page -------------------------------------------------------


def test_a_person_edits_their_own_profile(client, agent):
    client.force_login(agent)

    response = client.post(
        reverse("people:edit", args=[agent.pk]),
        own_profile_form(
            agent.profile,
            display_name="  Alex Morgan ",
            bio="Ask me about **refunds**.",
            skills="refunds, complaints",
            languages="English, Welsh",
            birthday_day=29,
            birthday_month=2,
            celebrate_birthday="",
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("people:detail", args=[agent.pk])
    assert messages_of(response) == ["Profile saved."]
    profile = Profile.objects.get(pk=agent.pk)
    assert profile.display_name == "Alex Morgan"
    assert profile.bio == "Ask me about **refunds**."
    assert profile.skill_list == ["refunds", "complaints"]
    assert profile.language_list == ["English", "Welsh"]
    assert (profile.birthday_day, profile.birthday_month) == (29, 2)
    assert profile.celebrate_birthday is False


def test_the_edit_my_profile_link_leads_to_my_own_form(client, agent):
    client.force_login(agent)

    response = client.get(reverse("people:edit_own"))

    assert response["Location"] == reverse("people:edit", args=[agent.pk])


def label_of(page, field_id):
    return re.search(rf'<label class="form-label" for="{field_id}">(.*?)</label>', page).group(1)


REQUIRED_MARK = '<span class="text-danger" aria-hidden="true">*</span>'


def test_the_photo_is_not_marked_required_on_the_edit_page_but_the_name_is(client, agent):
    client.force_login(agent)

    page = client.get(reverse("people:edit", args=[agent.pk])).content.decode()

    assert REQUIRED_MARK not in label_of(page, "id_photo")
    assert REQUIRED_MARK in label_of(page, "id_display_name")
    assert REQUIRED_MARK not in label_of(page, "id_job_title")


def test_uploading_without_choosing_a_photo_says_to_choose_one_first(client, agent):
    client.force_login(agent)

    response = client.post(reverse("people:photo", args=[agent.pk]), {})

    assert response.status_code == 302
    assert messages_of(response) == ["Choose a photo to upload first."]
    assert not Profile.objects.get(pk=agent.pk).photo


def test_a_person_cannot_edit_someone_elses_profile(client, agent, team_leader):
    client.force_login(agent)
    before = Profile.objects.get(pk=team_leader.pk)

    response = client.post(
        reverse("people:edit", args=[team_leader.pk]),
        own_profile_form(before, display_name="Hijacked", bio="pwned"),
    )

    assert response.status_code == 403
    after = Profile.objects.get(pk=team_leader.pk)
    assert (after.display_name, after.bio) == (before.display_name, before.bio)


def test_an_agent_posting_admin_only_fields_changes_none_of_them(
    client, agent, shenzhen, sales_team, marketing
):
    client.force_login(agent)
    before = Profile.objects.get(pk=agent.pk)

    response = client.post(
        reverse("people:edit", args=[agent.pk]),
        own_profile_form(
            before,
            site=shenzhen.pk,
            team=sales_team.pk,
            department=marketing.pk,
            start_date="2001-01-01",
            role=Role.ADMINISTRATOR,
        ),
    )

    assert response.status_code == 302
    agent.refresh_from_db()
    after = Profile.objects.get(pk=agent.pk)
    assert agent.role == Role.AGENT
    assert not agent.is_staff
    assert (after.site_id, after.team_id, after.department_id, after.start_date) == (
        before.site_id,
        before.team_id,
        before.department_id,
        None,
    )


def test_an_administrator_edits_anyones_placement_start_date_and_role(
    client, administrator, agent, shenzhen, sales_team, marketing
):
    client.force_login(administrator)

    response = client.post(
        reverse("people:edit", args=[agent.pk]),
        admin_profile_form(
            agent.profile,
            display_name="Alex Promoted",
            site=shenzhen.pk,
            team=sales_team.pk,
            department=marketing.pk,
            start_date="2024-03-18",
            role=Role.TEAM_LEADER,
        ),
    )

    assert response.status_code == 302
    agent.refresh_from_db()
    profile = Profile.objects.get(pk=agent.pk)
    assert profile.display_name == "Alex Promoted"
    assert (profile.site, profile.team, profile.department) == (shenzhen, sales_team, marketing)
    assert profile.start_date == datetime.date(2024, 3, 18)
    assert agent.role == Role.TEAM_LEADER


def test_an_impossible_birthday_on_the_page_explains_and_keeps_what_was_typed(client, agent):
    client.force_login(agent)

    response = client.post(
        reverse("people:edit", args=[agent.pk]),
        own_profile_form(agent.profile, bio="Still here", birthday_day=31, birthday_month=2),
    )

    assert response.status_code == 200
    assert "February has no day 31." in response.content.decode()
    assert response.context["form"]["bio"].value() == "Still here"
    assert Profile.objects.get(pk=agent.pk).birthday_day is None


def test_the_page_refuses_an_empty_display_name(client, agent):
    client.force_login(agent)

    response = client.post(
        reverse("people:edit", args=[agent.pk]), own_profile_form(agent.profile, display_name="")
    )

    assert response.status_code == 200
    assert response.context["form"].errors["display_name"]
    assert Profile.objects.get(pk=agent.pk).display_name == "Alex Agent"


# The service's rules ------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "month", "message"),
    [
        (31, 2, "February has no day 31."),
        (31, 4, "April has no day 31."),
        (12, None, "Give both the day and the month of the birthday, or neither."),
        (None, 7, "Give both the day and the month of the birthday, or neither."),
        (1, 13, "The birthday month must be between 1 and 12."),
        (0, 5, "The birthday day must be between 1 and 31."),
    ],
)
def test_the_service_rejects_impossible_birthdays(agent, day, month, message):
    with pytest.raises(ValidationError) as error:
        services.update_profile(
            actor=agent, profile=agent.profile, birthday_day=day, birthday_month=month
        )

    assert error.value.messages == [message]
    assert Profile.objects.get(pk=agent.pk).birthday_day is None


def test_a_birthday_wrong_in_day_and_month_says_what_is_wrong_with_each(agent):
    with pytest.raises(ValidationError) as error:
        services.update_profile(
            actor=agent, profile=agent.profile, birthday_day=40, birthday_month=13
        )

    assert error.value.message_dict == {
        "birthday_day": ["The birthday day must be between 1 and 31."],
        "birthday_month": ["The birthday month must be between 1 and 12."],
    }


def test_29_february_is_a_birthday(agent):
    services.update_profile(actor=agent, profile=agent.profile, birthday_day=29, birthday_month=2)

    assert Profile.objects.get(pk=agent.pk).birthday_month == 2


def test_the_service_rejects_a_team_at_another_site(administrator, agent, shenzhen, billing_team):
    with pytest.raises(ValidationError) as error:
        services.update_profile(
            actor=administrator, profile=agent.profile, site=shenzhen, team=billing_team
        )

    assert error.value.messages == ["The team Billing is not at the site Shenzhen."]


def test_the_service_rejects_moving_only_the_site_away_from_the_team(
    administrator, agent, shenzhen
):
    with pytest.raises(ValidationError, match="not at the site Shenzhen"):
        services.update_profile(actor=administrator, profile=agent.profile, site=shenzhen)


@pytest.mark.parametrize("name", ["", "   "])
def test_the_service_rejects_an_empty_display_name(agent, name):
    with pytest.raises(ValidationError) as error:
        services.update_profile(actor=agent, profile=agent.profile, display_name=name)

    assert error.value.messages == ["A display name is required."]
    assert Profile.objects.get(pk=agent.pk).display_name == "Alex Agent"


def test_the_service_refuses_admin_only_fields_from_a_non_administrator(agent, shenzhen):
    with pytest.raises(PermissionDenied, match="You cannot change site"):
        services.update_profile(actor=agent, profile=agent.profile, site=shenzhen)


def test_the_service_refuses_someone_elses_profile(agent, team_leader):
    with pytest.raises(PermissionDenied):
        services.update_profile(actor=agent, profile=team_leader.profile, bio="pwned")


def test_an_administrator_demoting_themselves_on_the_page_is_refused_and_nothing_is_saved(
    client, administrator
):
    client.force_login(administrator)

    response = client.post(
        reverse("people:edit", args=[administrator.pk]),
        admin_profile_form(administrator.profile, display_name="Ada Agent", role=Role.AGENT),
    )

    assert response.status_code == 200
    assert "You cannot remove your own administrator role." in response.content.decode()
    assert response.context["form"]["display_name"].value() == "Ada Agent"
    assert response.context["person"].display_name == "Ada Admin"
    administrator.refresh_from_db()
    assert administrator.role == Role.ADMINISTRATOR
    assert Profile.objects.get(pk=administrator.pk).display_name == "Ada Admin"


def test_an_administrator_cannot_take_away_their_own_administrator_role(administrator):
    with pytest.raises(ValidationError, match="your own administrator role"):
        services.set_role(actor=administrator, user=administrator, role=Role.AGENT)


# Photos ---------------------------------------------------------------------------


def upload_photo(client, person, upload, capture):
    with capture(execute=True):
        return client.post(reverse("people:photo", args=[person.pk]), {"photo": upload})


def stored_image(profile):
    with default_storage.open(profile.photo.name) as stored:
        image = Image.open(io.BytesIO(stored.read()))
        image.load()
    return image


def test_a_png_photo_is_accepted_and_replaces_the_old_one(
    client, agent_with_photo, image_upload, django_capture_on_commit_callbacks
):
    agent = agent_with_photo
    first = Profile.objects.get(pk=agent.pk).photo.name
    client.force_login(agent)

    response = upload_photo(
        client, agent, image_upload("second.png"), django_capture_on_commit_callbacks
    )

    assert response["Location"] == reverse("people:edit", args=[agent.pk])
    assert messages_of(response) == ["Photo updated."]
    second = Profile.objects.get(pk=agent.pk).photo.name
    assert second != first
    assert default_storage.exists(second)
    assert not default_storage.exists(first)
    assert stored_image(Profile.objects.get(pk=agent.pk)).size == (64, 64)


def test_a_jpeg_photo_is_shrunk_to_512_pixels_and_loses_its_exif(
    client, agent, image_upload, django_capture_on_commit_callbacks
):
    exif = Image.Exif()
    exif[0x010E] = "Taken at 51.48N 3.18W"  # ImageDescription
    exif[0x0131] = "Secret Camera App"  # Software
    client.force_login(agent)

    upload_photo(
        client,
        agent,
        image_upload("holiday.jpg", size=(1600, 1200), exif=exif),
        django_capture_on_commit_callbacks,
    )

    image = stored_image(Profile.objects.get(pk=agent.pk))
    assert image.format == "JPEG"
    assert image.size == (512, 384)
    assert not image.getexif()
    assert "exif" not in image.info


@pytest.fixture
def agent_with_photo(agent, image_upload, django_capture_on_commit_callbacks):
    from portal.uploads import clean_image

    photo = clean_image(image_upload("kept.png"), max_bytes=10_000_000, max_side=512)
    with django_capture_on_commit_callbacks(execute=True):
        services.set_profile_photo(actor=agent, profile=agent.profile, photo=photo)
    return agent


def _text_renamed_png():
    return SimpleUploadedFile("photo.png", b"just some text, honest", content_type="image/png")


def _png_header_and_junk():
    junk = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"junk" * 200
    return SimpleUploadedFile("photo.png", junk, content_type="image/png")


def _svg_with_script():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    return SimpleUploadedFile("photo.png", svg, content_type="image/png")


@pytest.mark.parametrize(
    "make_upload",
    [_text_renamed_png, _png_header_and_junk, _svg_with_script],
    ids=["text renamed .png", "PNG header and junk", "SVG with a script"],
)
def test_something_that_is_not_an_image_is_rejected_and_the_old_photo_stays(
    client, agent_with_photo, make_upload, django_capture_on_commit_callbacks
):
    kept = Profile.objects.get(pk=agent_with_photo.pk).photo.name
    client.force_login(agent_with_photo)

    response = upload_photo(
        client, agent_with_photo, make_upload(), django_capture_on_commit_callbacks
    )

    assert messages_of(response) == [
        "That file is not an image we can use. Please upload a JPEG, PNG, WebP or GIF."
    ]
    assert Profile.objects.get(pk=agent_with_photo.pk).photo.name == kept
    assert default_storage.exists(kept)


def test_an_oversized_photo_is_rejected_and_the_old_photo_stays(
    client, agent_with_photo, settings, django_capture_on_commit_callbacks
):
    settings.PROFILE_PHOTO_MAX_BYTES = 2048
    kept = Profile.objects.get(pk=agent_with_photo.pk).photo.name
    # Noise does not compress, so the file really is over the limit.
    noise = Image.effect_noise((800, 800), 100).convert("RGB")
    buffer = io.BytesIO()
    noise.save(buffer, format="PNG")
    big = SimpleUploadedFile("big.png", buffer.getvalue(), content_type="image/png")
    client.force_login(agent_with_photo)

    response = upload_photo(client, agent_with_photo, big, django_capture_on_commit_callbacks)

    [message] = messages_of(response)
    assert message.startswith("That file is ")
    assert message.endswith("; the limit is 2.0\xa0KB.")
    assert Profile.objects.get(pk=agent_with_photo.pk).photo.name == kept


def test_a_person_cannot_upload_a_photo_to_someone_elses_profile(
    client, agent, team_leader, image_upload
):
    client.force_login(agent)

    response = client.post(
        reverse("people:photo", args=[team_leader.pk]), {"photo": image_upload()}
    )

    assert response.status_code == 403
    assert not Profile.objects.get(pk=team_leader.pk).photo


def test_removing_a_photo_deletes_the_file(
    client, agent_with_photo, django_capture_on_commit_callbacks
):
    old = Profile.objects.get(pk=agent_with_photo.pk).photo.name
    client.force_login(agent_with_photo)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("people:photo", args=[agent_with_photo.pk]), {"remove": "1"})

    assert messages_of(response) == ["Photo removed."]
    assert not Profile.objects.get(pk=agent_with_photo.pk).photo
    assert not default_storage.exists(old)


# Serving uploads --------------------------------------------------------------------


def test_photos_are_served_only_to_signed_in_people(client, agent_with_photo):
    name = Profile.objects.get(pk=agent_with_photo.pk).photo.name
    url = reverse("media", args=[name])

    anonymous = client.get(url)
    client.force_login(agent_with_photo)
    signed_in = client.get(url)

    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("account_login"))
    assert signed_in.status_code == 200
    assert signed_in["Content-Type"] == "image/jpeg"
    assert signed_in["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in signed_in["Content-Security-Policy"]
    assert signed_in["Cache-Control"].startswith("private")


@pytest.mark.parametrize("name", ["profiles/evil.html", "profiles/evil.svg", "profiles/evil.js"])
def test_a_stored_file_that_a_browser_would_run_is_served_as_a_download_type(client, agent, name):
    default_storage.save(name, ContentFile(b"<script>alert(1)</script>"))
    client.force_login(agent)

    response = client.get(reverse("media", args=[name]))

    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


@pytest.mark.parametrize(
    "path",
    [
        "/media/../secret.txt",
        "/media/profiles/../../secret.txt",
        "/media/%2e%2e/secret.txt",
        "/media//etc/passwd",
        "/media/profiles/missing.png",
        "/media/profiles",
        "/media/profiles/",
        "/media/profiles/x%00.png",
    ],
)
def test_media_never_leaves_the_upload_folder(client, agent, settings, path):
    (settings.MEDIA_ROOT / "profiles").mkdir(parents=True)
    (settings.MEDIA_ROOT.parent / "secret.txt").write_text("top secret")
    client.force_login(agent)

    response = client.get(path)

    assert response.status_code == 404
    assert b"top secret" not in b"".join(getattr(response, "streaming_content", [b""]))


# Markdown in the bio ------------------------------------------------------------------


class _Elements(HTMLParser):
    def __init__(self, html):
        super().__init__()
        self.elements = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def elements(html):
    return _Elements(str(html)).elements


@pytest.mark.parametrize(
    "bio",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        "[click me](javascript:alert(1))",
        '<a href="javascript:alert(1)">click me</a>',
        "[click me](JaVaScRiPt:alert(1))",
        '<p onclick="alert(1)">hi</p>',
        "![x](https://example.com/x.png)",
    ],
)
def test_nothing_that_runs_survives_a_bio(bio):
    html = render_markdown(bio)

    for tag, attributes in elements(html):
        assert tag not in {"script", "img", "iframe", "style"}
        assert not any(name.startswith("on") for name in attributes)
        assert not attributes.get("href", "").lower().startswith("javascript:")


def test_links_in_a_bio_open_without_passing_on_the_portal(agent):
    html = render_markdown("See [my team](https://example.com/team) and **this**.")

    [link] = [attributes for tag, attributes in elements(html) if tag == "a"]
    assert link["href"] == "https://example.com/team"
    assert set(link["rel"].split()) == {"noopener", "nofollow"}
    assert "<strong>this</strong>" in html


def test_a_bio_with_a_script_shows_as_text_on_the_profile_page(client, agent, team_leader):
    services.update_profile(
        actor=agent, profile=agent.profile, bio="Hi <script>alert('x')</script>"
    )
    client.force_login(team_leader)

    page = client.get(reverse("people:detail", args=[agent.pk])).content.decode()

    assert "<script>alert('x')" not in page
    assert "&lt;script&gt;alert(" in page


def test_skills_typed_with_chinese_commas_are_split_like_english_ones():
    from portal.models import split_commas

    typed = "billing, 投诉处理\uff0c宽带\u3001Excel"

    assert split_commas(typed) == ["billing", "投诉处理", "宽带", "Excel"]


def test_saving_a_profile_unchanged_keeps_the_start_date(client, administrator):
    """A date field must render as ISO, the only format a browser's date box accepts."""
    profile = administrator.profile
    profile.start_date = datetime.date(2024, 7, 1)
    profile.save()
    client.force_login(administrator)

    page = client.get(reverse("people:edit", args=[profile.pk])).content.decode()

    assert 'value="2024-07-01"' in page
