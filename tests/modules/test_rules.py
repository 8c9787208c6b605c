import pytest

from modules.rules import snils_normalize


@pytest.mark.parametrize("raw", ["112-233-445 95", "11223344595", " 112 233 445 95 ", "112.233.445-95"])
def test_a_valid_snils_in_any_spelling_is_its_eleven_digits(raw):
    assert snils_normalize(raw) == "11223344595"


@pytest.mark.parametrize("raw", ["112-233-445 96", "1122334459", "112233445950", "abc", ""])
def test_a_wrong_checksum_or_length_is_refused(raw):
    assert snils_normalize(raw) is None


def test_checksum_of_100_and_101_is_written_00():
    # Weights 9..1: 9*9 + 8*2 + 4*1 = 101.
    digits = "920001000"
    assert sum(int(d) * w for d, w in zip(digits, range(9, 0, -1), strict=True)) == 101
    assert snils_normalize(digits + "00") == digits + "00"
    assert snils_normalize(digits + "01") is None


def test_numbers_issued_before_checksums_are_not_checked():
    assert snils_normalize("001-001-997 13") == "00100199713"
