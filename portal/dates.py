"""Date formats that follow the reader's language.

Templates and messages spell out day, month and time in a fixed English order ("l j F",
"D j M, H:i"). Django localises the names of days and months but not their order, so a
Chinese reader would get "星期三 2 十二月". ``localised(pattern)`` gives the pattern in the
order of the active language; patterns without a local version are used as they are.
"""

from django.utils.translation import get_language

PATTERNS = {
    "zh-hans": {
        "l j F": "n月j日 l",
        "j M Y": "Y年n月j日",
        "j F Y": "Y年n月j日",
        "l j F Y": "Y年n月j日 l",
        "D j M Y": "Y年n月j日 D",
        "D j F Y": "Y年n月j日 D",
        "l j F Y, H:i T": "Y年n月j日 l H:i T",
        "l j F Y, H:i": "Y年n月j日 l H:i",
        "l j F, H:i T": "n月j日 l H:i T",
        "l j F, H:i": "n月j日 l H:i",
        "j M": "n月j日",
        "D j M": "n月j日 D",
        "D j M, H:i": "n月j日 D H:i",
        "D j M, H:i T": "n月j日 D H:i T",
        "D j M Y, H:i": "Y年n月j日 D H:i",
        "j M, H:i": "n月j日 H:i",
        "j M Y, H:i": "Y年n月j日 H:i",
        "F Y": "Y年n月",
    },
}


def localised(pattern):
    return PATTERNS.get((get_language() or "").lower(), {}).get(pattern, pattern)
