"""Images and files on posts: what is accepted, where it is kept, who may fetch it."""

import io
import zipfile
from urllib.parse import quote

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from community import selectors, services
from community.models import MAX_ATTACHMENTS, Post, PostAttachment
from portal import uploads

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
# A .docm renamed to .docx: its main part says it carries macros.
WORD_MACROS_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def pdf(name="rota.pdf"):
    return upload(name, PDF, "application/pdf")


def office_zip(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def content_types(main_type):
    return (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        f'package/2006/content-types"><Override PartName="/word/document.xml" '
        f'ContentType="{main_type}"/></Types>'
    )


def docx(name="handbook.docx", main_type=WORD_MAIN):
    data = office_zip(
        {"[Content_Types].xml": content_types(main_type), "word/document.xml": "<w:document/>"}
    )
    return upload(name, data)


def stored_names():
    if not default_storage.exists("attachments"):
        return []
    return default_storage.listdir("attachments")[1]


@pytest.fixture
def attach(make_post):
    """A post by ``author`` with these uploads attached."""

    def make(author, *files, **fields):
        return make_post(author, attachments=list(files), **fields)

    return make


def refusal(error):
    return " ".join(error.value.message_dict["attachments"])


# What is accepted ----------------------------------------------------------------------


def test_an_image_and_a_pdf_are_attached_under_random_names(agent, attach, image_upload):
    post = attach(agent, image_upload("team photo.png", size=(2400, 1200)), pdf("May rota.pdf"))

    image, document = post.attachments.order_by("position")
    assert (image.kind, image.content_type, image.original_name) == (
        "image",
        "image/jpeg",
        "team photo.jpg",
    )
    # Re-encoded and shrunk to the longest side allowed.
    assert (image.width, image.height) == (1600, 800)
    assert (document.kind, document.content_type, document.original_name) == (
        "file",
        "application/pdf",
        "May rota.pdf",
    )
    assert document.file.read() == PDF and document.size == len(PDF)
    for attachment in (image, document):
        assert attachment.file.name.startswith("attachments/")
        assert "rota" not in attachment.file.name and "photo" not in attachment.file.name


def test_an_image_keeps_its_transparency_as_png(agent, attach):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGBA", (40, 40), (0, 0, 0, 0)).save(buffer, format="PNG")

    post = attach(agent, upload("logo.png", buffer.getvalue(), "image/png"))

    assert post.attachments.get().content_type == "image/png"


@pytest.mark.parametrize(
    ("name", "content", "content_type", "extension"),
    [
        ("notes.txt", b"Parking: use level -2 this week.\n", "text/plain", "txt"),
        ("extensions.CSV", b"name,extension\nSam,4411\n", "text/csv", "csv"),
        ("\u6e05\u5355.txt", "\ufeff\u591c\u73ed\u6e05\u5355".encode(), "text/plain", "txt"),
    ],
)
def test_plain_text_and_csv_are_accepted(agent, attach, name, content, content_type, extension):
    post = attach(agent, upload(name, content))

    attachment = post.attachments.get()
    assert attachment.content_type == f"{content_type}; charset=utf-8"
    assert attachment.file.name.endswith(f".{extension}")


def test_a_word_document_is_accepted_from_its_contents(agent, attach):
    post = attach(agent, docx("handbook"))

    attachment = post.attachments.get()
    assert attachment.original_name == "handbook.docx"
    assert attachment.content_type.endswith("wordprocessingml.document")


# What is refused -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("setup.exe", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + bytes(200), "cannot be attached"),
        ("rota.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + bytes(200), "cannot be attached"),
        ("invoice.pdf", b"<!doctype html><script>alert(1)</script>", "markup"),
        ("page.txt", b"  <html><body onload=alert(1)>hi</body></html>", "markup"),
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "markup"),
        ("logo.png", b'<?xml version="1.0"?><svg onload="alert(1)"/>', "markup"),
        ("fake.png", b"\x89PNG\r\n\x1a\nnot really a picture", "not an image"),
        ("data.bin", bytes(range(256)) * 4, "cannot be attached"),
        ("empty.txt", b"   \n", "cannot be attached"),
        ("notes.txt", "caf\u00e9".encode("latin-1"), "cannot be attached"),
        ("archive.docx", office_zip({"readme.txt": "hello"}), "cannot be attached"),
        ("macros.docx", docx(main_type=WORD_MACROS_MAIN).read(), "cannot be attached"),
        ("broken.docx", b"PK\x03\x04" + bytes(100), "cannot be attached"),
    ],
)
def test_a_file_that_is_not_what_we_accept_is_refused_by_name(
    agent, attach, name, content, problem
):
    with pytest.raises(ValidationError) as error:
        attach(agent, upload(name, content, "application/pdf"))

    assert f"“{name}”" in refusal(error) and problem in refusal(error)
    assert not Post.objects.exists() and stored_names() == []


def test_a_file_over_the_size_limit_is_refused(agent, attach, settings):
    settings.COMMUNITY_ATTACHMENT_MAX_BYTES = 1024

    with pytest.raises(ValidationError) as error:
        attach(agent, upload("big.txt", b"x" * 2048))

    assert "2.0\xa0KB; the limit is 1.0\xa0KB" in refusal(error)


def test_a_zip_bomb_dressed_as_a_spreadsheet_is_refused(agent, attach, monkeypatch):
    monkeypatch.setattr(uploads, "ZIP_MAX_UNCOMPRESSED", 1024 * 1024)
    bomb = office_zip(
        {"[Content_Types].xml": content_types(WORD_MAIN), "xl/zeros.bin": bytes(2 * 1024 * 1024)}
    )
    assert len(bomb) < 10_000

    with pytest.raises(ValidationError) as error:
        attach(agent, upload("figures.xlsx", bomb))

    assert "unpacks to far more" in refusal(error)


def test_one_bad_file_stores_none_of_the_others(agent, attach, image_upload):
    with pytest.raises(ValidationError) as error:
        attach(agent, image_upload(), pdf(), upload("tool.exe", b"MZ" + bytes(64)))

    assert "“tool.exe”" in refusal(error) and "photo.png" not in refusal(error)
    assert not PostAttachment.objects.exists() and stored_names() == []


def test_a_fifth_attachment_is_refused(agent, attach, make_post):
    post = attach(agent, *[pdf(f"{n}.pdf") for n in range(MAX_ATTACHMENTS)])

    with pytest.raises(ValidationError) as error:
        services.edit_post(actor=agent, post=post, body=post.body, add_attachments=[pdf()])
    with pytest.raises(ValidationError) as at_once:
        make_post(agent, attachments=[pdf(f"{n}.pdf") for n in range(MAX_ATTACHMENTS + 1)])

    assert "at most 4 attachments; this one would have 5" in refusal(error)
    assert "at most 4 attachments" in refusal(at_once)
    assert post.attachments.count() == MAX_ATTACHMENTS


def test_the_database_holds_the_limit_too(agent, attach):
    post = attach(agent, pdf())

    with pytest.raises(Exception, match="attachment_at_most_four_per_post"):
        PostAttachment.objects.create(
            post=post, kind="file", file="attachments/x.pdf", original_name="x.pdf",
            content_type="application/pdf", size=1, position=MAX_ATTACHMENTS,
        )  # fmt: skip


def test_removing_an_attachment_frees_its_place_and_deletes_the_file(
    agent, attach, django_capture_on_commit_callbacks
):
    post = attach(agent, *[pdf(f"{n}.pdf") for n in range(MAX_ATTACHMENTS)])
    first = post.attachments.get(position=0)

    with django_capture_on_commit_callbacks(execute=True):
        services.edit_post(
            actor=agent,
            post=post,
            body="Updated",
            remove_attachments=[first.pk],
            add_attachments=[pdf("new.pdf")],
        )

    assert post.attachments.get(position=0).original_name == "new.pdf"
    assert not default_storage.exists(first.file.name)
    assert post.attachments.count() == MAX_ATTACHMENTS


def test_nobody_else_can_add_to_a_post(agent, colleague, attach):
    post = attach(agent, pdf())

    with pytest.raises(Exception, match="Only the author"):
        services.edit_post(actor=colleague, post=post, body="Mine now", add_attachments=[pdf()])


def test_kudos_cannot_carry_attachments(agent, colleague, give_kudos):
    kudos = give_kudos(agent, colleague)

    with pytest.raises(ValidationError) as error:
        services.edit_post(actor=agent, post=kudos.post, body="Thanks!", add_attachments=[pdf()])

    assert "cannot carry attachments" in refusal(error)


@pytest.mark.parametrize(
    ("name", "extension", "shown"),
    [
        ("../../etc/passwd.pdf", "pdf", "passwd.pdf"),
        ("C:\\Users\\sam\\rota.exe", "pdf", "rota.pdf"),
        ('quote"s <b>.txt', "txt", "quotes b.txt"),
        ("no extension", "csv", "no extension.csv"),
        ("...", "pdf", "attachment.pdf"),
    ],
)
def test_the_name_shown_is_cleaned_and_ends_in_the_real_type(name, extension, shown):
    assert uploads.original_name(name, extension) == shown


# Serving ---------------------------------------------------------------------------------


@pytest.fixture
def signed_in(client):
    def sign_in(person):
        client.force_login(person)
        return client

    return sign_in


def download(client, attachment):
    return client.get(reverse("community:attachment", args=[attachment.pk]))


def test_a_document_downloads_with_its_sniffed_type_and_name(signed_in, agent, colleague, attach):
    post = attach(agent, pdf("Rota für Mai 五月.pdf"))

    response = download(signed_in(colleague), post.attachments.get())

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == (
        "attachment; filename=\"Rota fur Mai .pdf\"; filename*=UTF-8''"
        + quote("Rota für Mai 五月.pdf", safe="")
    )
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["Cache-Control"].startswith("private")
    assert b"".join(response.streaming_content) == PDF


def test_an_image_is_shown_inline(signed_in, agent, colleague, attach, image_upload):
    post = attach(agent, image_upload("desk.jpg"))

    response = download(signed_in(colleague), post.attachments.get())

    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"].startswith('inline; filename="desk.jpg"')
    assert response["X-Content-Type-Options"] == "nosniff"


def test_signed_out_visitors_are_sent_to_sign_in(client, agent, attach):
    post = attach(agent, pdf())

    response = download(client, post.attachments.get())

    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_someone_who_cannot_see_the_post_gets_404(
    signed_in, manager, agent, shenzhen_agent, shenzhen, attach
):
    post = attach(manager, pdf(), sites=[shenzhen])
    attachment = post.attachments.get()

    assert download(signed_in(agent), attachment).status_code == 404
    assert download(signed_in(shenzhen_agent), attachment).status_code == 200


def test_a_deleted_or_hidden_posts_attachments_are_404_for_agents(
    signed_in, agent, colleague, manager, attach
):
    deleted, hidden = attach(colleague, pdf()), attach(colleague, pdf())
    services.delete_post(actor=colleague, post=deleted)
    services.hide_post(moderator=manager, post=hidden, reason="Shares a customer's address")
    deleted_file, hidden_file = deleted.attachments.get(), hidden.attachments.get()

    assert download(signed_in(agent), deleted_file).status_code == 404
    assert download(signed_in(agent), hidden_file).status_code == 404
    # The author still sees their hidden post, and moderators see both.
    assert download(signed_in(colleague), hidden_file).status_code == 200
    assert download(signed_in(manager), deleted_file).status_code == 200


def test_the_general_media_view_never_serves_attachments(signed_in, agent, attach):
    attachment = attach(agent, pdf()).attachments.get()
    client = signed_in(agent)

    for path in [attachment.file.name, f"./{attachment.file.name}", f"{attachment.file.name}/"]:
        assert client.get(reverse("media", args=[path])).status_code == 404


def test_a_missing_file_is_404(signed_in, agent, attach):
    attachment = attach(agent, pdf()).attachments.get()
    default_storage.delete(attachment.file.name)

    assert download(signed_in(agent), attachment).status_code == 404


# The pages ------------------------------------------------------------------------------


def test_posting_with_files_shows_them_on_the_post_and_in_the_feed(
    signed_in, agent, colleague, general, image_upload
):
    client = signed_in(agent)

    response = client.post(
        reverse("community:new"),
        {
            "section": general.pk,
            "body": "Photos from the charity bake sale",
            "attachments": [image_upload("cakes.png"), pdf("Totals.pdf")],
        },
        follow=True,
    )

    post = Post.objects.get()
    image = post.attachments.get(kind="image")
    document = post.attachments.get(kind="file")
    url = reverse("community:attachment", args=[image.pk])
    assert "Posted in General" in response.text
    assert f'src="{url}"' in response.text and "Totals.pdf" in response.text
    feed = signed_in(colleague).get(reverse("community:index")).text
    assert f'src="{url}"' in feed and "1 file" in feed
    assert reverse("community:attachment", args=[document.pk]) not in feed


def test_a_refused_file_keeps_the_typed_text_and_says_which_file(signed_in, agent, general):
    response = signed_in(agent).post(
        reverse("community:new"),
        {
            "section": general.pk,
            "title": "Quarterly numbers",
            "body": "Here are the numbers you asked for",
            "attachments": [upload("numbers.pdf", b"<html><script>alert(1)</script></html>")],
        },
    )

    assert response.status_code == 200
    assert "Here are the numbers you asked for" in response.text
    assert "Quarterly numbers" in response.text
    assert "“numbers.pdf”" in response.text and "choose them again" in response.text
    assert not Post.objects.exists()


def test_the_edit_page_removes_and_adds_attachments(signed_in, agent, attach, image_upload):
    post = attach(agent, pdf("old.pdf"), body="Rota")
    old = post.attachments.get()
    client = signed_in(agent)
    page = client.get(reverse("community:edit", args=[post.pk]))
    assert "old.pdf" in page.text and 'enctype="multipart/form-data"' in page.text

    client.post(
        reverse("community:edit", args=[post.pk]),
        {"body": "Rota, updated", "remove_attachments": [old.pk], "attachments": [pdf("new.pdf")]},
    )

    assert [a.original_name for a in post.attachments.all()] == ["new.pdf"]


def test_the_edit_page_of_kudos_offers_no_file_input(signed_in, agent, colleague, give_kudos):
    kudos = give_kudos(agent, colleague)

    page = signed_in(agent).get(reverse("community:edit", args=[kudos.post.pk]))

    assert 'type="file"' not in page.text


def test_the_new_post_form_states_the_limits(signed_in, agent):
    page = signed_in(agent).get(reverse("community:new"))

    assert 'type="file"' in page.text and "multiple" in page.text
    assert "Up to 4 files of 10.0\xa0MB each" in page.text


# Query counts ----------------------------------------------------------------------------


def add_attachments(posts):
    """Two images and a file on each post, written straight to the table: only rows matter."""
    PostAttachment.objects.bulk_create(
        PostAttachment(
            post=post,
            kind=kind,
            file=f"attachments/{post.pk}-{position}.{'jpg' if kind == 'image' else 'pdf'}",
            original_name=f"{position}.pdf",
            content_type="image/jpeg" if kind == "image" else "application/pdf",
            size=1000,
            width=10 if kind == "image" else None,
            height=10 if kind == "image" else None,
            position=position,
        )
        for post in posts
        for position, kind in enumerate(["image", "image", "file"])
    )


def bulk_posts(author, section, count):
    now = timezone.now()
    return Post.objects.bulk_create(
        Post(author=author, section=section, body=f"Post {n}", created_at=now) for n in range(count)
    )


def test_the_feed_costs_the_same_queries_with_attachments_on_5_and_25_posts(
    agent, colleague, general, django_assert_num_queries
):
    def read():
        page = selectors.feed_for(agent)
        assert all(len(post.images) == 2 and len(post.files) == 1 for post in page.posts)
        return page

    add_attachments(bulk_posts(colleague, general, 5))
    with CaptureQueriesContext(connection) as five:
        read()
    add_attachments(bulk_posts(colleague, general, 20))

    with django_assert_num_queries(len(five)):
        assert len(read().posts) == selectors.FEED_PAGE_SIZE


def test_the_feed_page_costs_the_same_queries_with_attachments_on_5_and_25_posts(
    client, colleague, make_person, general
):
    def open_feed_as_a_newcomer():
        client.force_login(make_person())
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("community:index"))
        assert response.status_code == 200 and "bi-paperclip" in response.text
        return len(queries)

    add_attachments(bulk_posts(colleague, general, 5))
    five = open_feed_as_a_newcomer()
    add_attachments(bulk_posts(colleague, general, 20))

    assert open_feed_as_a_newcomer() == five
