"""Small rules of the programme with no Django in them."""

import re

_SNILS_FORMATTING = re.compile(r"[\s\-.]")
# Numbers up to this one were issued before the check digits were introduced.
_SNILS_UNCHECKED_UP_TO = 1_001_998


def snils_checksum(number: str) -> str:
    """The two check digits of a СНИЛС's first nine: their sum with weights 9 to 1,
    modulo 101, 100 written as 00."""
    total = sum(int(d) * weight for d, weight in zip(number, range(9, 0, -1), strict=True))
    control = total % 101 if total > 101 else total
    return f"{0 if control in (100, 101) else control:02d}"


def snils_normalize(raw: str) -> str | None:
    """The СНИЛС as its 11 digits, or None when it is not one (wrong length or check digits)."""
    digits = _SNILS_FORMATTING.sub("", raw or "")
    if not re.fullmatch(r"\d{11}", digits):
        return None
    if int(digits[:9]) <= _SNILS_UNCHECKED_UP_TO:
        return digits
    return digits if digits[9:] == snils_checksum(digits[:9]) else None
