"""Small rules of the programme with no Django in them."""

import re

_SNILS_FORMATTING = re.compile(r"[\s\-.]")
# Numbers up to this one were issued before the check digits were introduced.
_SNILS_UNCHECKED_UP_TO = 1_001_998


def snils_normalize(raw: str) -> str | None:
    """The СНИЛС as its 11 digits, or None when it is not one: the last two digits are
    the checksum of the first nine (weights 9 to 1, modulo 101, 100 written as 00)."""
    digits = _SNILS_FORMATTING.sub("", raw or "")
    if not re.fullmatch(r"\d{11}", digits):
        return None
    number, control = digits[:9], int(digits[9:])
    if int(number) <= _SNILS_UNCHECKED_UP_TO:
        return digits
    total = sum(int(d) * weight for d, weight in zip(number, range(9, 0, -1), strict=True))
    expected = total % 101 if total > 101 else total
    if expected in (100, 101):
        expected = 0
    return digits if control == expected else None
