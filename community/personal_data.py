"""Spot customer details that must not be shared on the floor.

Deliberately simple patterns: the aim is to catch the obvious slip (pasting an
email address, a phone number or a card number from a case), not to prove text clean.
"""

import re

from django.utils.translation import gettext_lazy as _

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A run of at least seven digits, allowing the spaces, dots, dashes and brackets
# people type inside phone and card numbers.
NUMBER = re.compile(r"\+?\(?\d(?:[ .()\-]{0,2}\d){6,}")

EMAIL_ADDRESS = _("an email address")
PHONE_NUMBER = _("a phone number")
CARD_NUMBER = _("a card number")


def _is_phone_number(digits, international):
    if digits.startswith("00"):
        digits, international = digits[2:], True
    if international:
        for country, lengths in (("44", (9, 10)), ("86", (9, 10, 11))):
            if digits.startswith(country):
                return len(digits[len(country) :].lstrip("0")) in lengths
        return False
    uk_or_cn_landline = digits.startswith("0") and 10 <= len(digits) <= 12
    cn_mobile = len(digits) == 11 and digits[0] == "1" and digits[1] in "3456789"
    return uk_or_cn_landline or cn_mobile


def find_personal_data(*texts):
    """The kinds of personal data found in ``texts``, in a fixed order, without repeats."""
    found = []
    for text in texts:
        text = text or ""
        if EMAIL.search(text):
            found.append(EMAIL_ADDRESS)
        for match in NUMBER.finditer(EMAIL.sub(" ", text)):
            digits = re.sub(r"\D", "", match.group())
            if len(digits) == 16:
                found.append(CARD_NUMBER)
            elif _is_phone_number(digits, match.group().startswith("+")):
                found.append(PHONE_NUMBER)
    order = [EMAIL_ADDRESS, PHONE_NUMBER, CARD_NUMBER]
    return [kind for kind in order if kind in found]
