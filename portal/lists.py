"""Lists of names and items in running text, written the way the reader's language writes them."""

from django.utils.translation import pgettext


def list_separator():
    """What goes between the items of a list in the reader's language."""
    # Translators: what goes between the items of a list in running text. Chinese uses
    # the enumeration comma "、" with no space; keep any space your language needs.
    return pgettext("list separator", ", ")


def join_list(items):
    """``items`` as one piece of text: "Cardiff, Shenzhen" in English, "卡迪夫、深圳" in Chinese.

    Only for what people read: file columns, headers and other text for machines keep ", ".
    """
    return list_separator().join(str(item) for item in items)
