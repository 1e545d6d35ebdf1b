"""Lists in running text are joined the way the reader's language joins them."""

from django.urls import reverse

from portal.lists import join_list


def test_english_lists_are_joined_with_commas():
    assert join_list(["Cardiff", "Shenzhen"]) == "Cardiff, Shenzhen"
    assert join_list([]) == ""


def test_lists_are_joined_with_the_languages_separator(chinese_separator):
    assert join_list(["卡迪夫", "深圳"]) == "卡迪夫、深圳"


def test_the_import_page_lists_languages_with_the_languages_separator(
    chinese_separator, client, administrator
):
    client.force_login(administrator)

    page = client.get(reverse("people:import")).text

    assert "(English)、<code>" in page
