"""The intake rules on their own: no database, plain values."""

from dataclasses import replace
from datetime import date

import pytest

from applications import rules
from applications.models import Application, MediaProjectIdea
from applications.rules import ApplicationSnapshot, IdeaRow, Problem, SocialAccountRow

TODAY = date(2026, 3, 15)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+7 912 345-67-89", "+79123456789"),
        ("8 (912) 345-67-89", "+79123456789"),
        ("89123456789", "+79123456789"),
        ("79123456789", "+79123456789"),
        ("9123456789", "+79123456789"),
        ("+7 (495) 123.45.67", "+74951234567"),
        ("+7\u00a0912\u00a0345\u00a067\u00a089", "+79123456789"),
    ],
)
def test_phone_normalize_accepts_russian_numbers_in_any_common_spelling(raw, expected):
    assert rules.phone_normalize(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "12345",
        "+7 912 345-67-8",  # a digit short
        "+7 912 345-67-890",  # a digit too many
        "+1 212 555 01 23",  # not Russia
        "+7 712 345 67 89",  # Kazakhstan
        "+7 912 345 67 8a",
        "++79123456789",
        "телефон",
    ],
)
def test_phone_normalize_refuses_what_is_not_a_russian_number(raw):
    assert rules.phone_normalize(raw) is None


@pytest.mark.parametrize(
    ("platform", "url"),
    [
        ("vk", "https://vk.com/durov"),
        ("vk", "https://m.vk.com/club1"),
        ("vk", "http://vk.ru/id1"),
        ("telegram", "https://t.me/topblog"),
        ("telegram", "https://telegram.me/topblog"),
        ("youtube", "https://www.youtube.com/@topblog"),
        ("youtube", "https://youtu.be/dQw4w9WgXcQ"),
        ("rutube", "https://rutube.ru/channel/123/"),
        ("dzen", "https://dzen.ru/topblog"),
        ("dzen", "https://zen.yandex.ru/topblog"),
        ("ok", "https://ok.ru/group/123"),
        ("other", "https://myblog.example.ru/"),
    ],
)
def test_url_matches_its_platform(platform, url):
    assert rules.url_matches_platform(url, platform)


@pytest.mark.parametrize(
    ("platform", "url"),
    [
        ("vk", "https://t.me/topblog"),  # another platform
        ("vk", "https://vk.com.evil.example/durov"),  # a look-alike host
        ("vk", "https://notvk.com/durov"),
        ("vk", "https://vk.com/"),  # the front page is not an account
        ("telegram", "javascript:alert(1)"),
        ("youtube", "ftp://youtube.com/x"),
        ("ok", "ok.ru/group/1"),  # no scheme: the form adds https:// before this rule
        ("other", "https://localhost"),
        ("other", "не ссылка"),
        ("unknown", "https://vk.com/durov"),
    ],
)
def test_url_of_another_platform_or_not_a_page_does_not_match(platform, url):
    assert not rules.url_matches_platform(url, platform)


def test_platform_detect_and_url_normalize():
    assert rules.platform_detect("https://www.youtube.com/@x") == "youtube"
    assert rules.platform_detect("https://example.ru/x") == "other"
    assert rules.url_normalize("http://WWW.VK.com/Durov/#top") == "https://vk.com/Durov"
    assert rules.url_normalize("https://m.vk.com/durov") == rules.url_normalize("https://vk.com/durov/")
    assert rules.url_normalize("https://youtube.com/watch?v=abc") == "https://youtube.com/watch?v=abc"


@pytest.mark.parametrize(
    ("birth", "today", "age"),
    [
        (date(2010, 3, 15), date(2026, 3, 15), 16),  # the birthday itself
        (date(2010, 3, 16), date(2026, 3, 15), 15),  # the day before it
        (date(2008, 2, 29), date(2026, 2, 28), 17),  # born on 29 February
        (date(2008, 2, 29), date(2026, 3, 1), 18),
    ],
)
def test_age_on(birth, today, age):
    assert rules.age_on(birth, today) == age


def test_limits_agree_with_the_model():
    assert Application._meta.get_field("motivation").max_length == rules.MOTIVATION_MAX_LENGTH
    assert MediaProjectIdea._meta.get_field("title").max_length == rules.IDEA_TITLE_MAX_LENGTH
    assert MediaProjectIdea._meta.get_field("description").max_length == rules.IDEA_DESCRIPTION_MAX_LENGTH


def complete(**changes) -> ApplicationSnapshot:
    blogger = ApplicationSnapshot(
        today=TODAY,
        min_applicant_age=14,
        adult_age=18,
        role="blogger",
        last_name="Иванова",
        first_name="Мария",
        birth_date=date(2000, 1, 1),
        region_code="77",
        city="Москва",
        phone="+79123456789",
        direction_codes=("science",),
        social_accounts=(SocialAccountRow("telegram", "https://t.me/maria", 1200),),
        ideas=(IdeaRow("Наука рядом", "Ролики о лабораториях"),),
        motivation="Хочу участвовать.",
    )
    return replace(blogger, **changes)


def test_a_complete_blogger_has_no_problems():
    assert rules.submission_problems(complete()) == []


def test_an_empty_draft_lists_every_missing_part():
    problems = rules.submission_problems(ApplicationSnapshot(today=TODAY, min_applicant_age=14, adult_age=18))
    fields = {p.field for p in problems}
    assert fields == {
        "role", "last_name", "first_name", "city", "birth_date", "region", "phone",
        "directions", "ideas", "motivation",
    }  # fmt: skip
    assert all(p.code == "required" for p in problems)


def test_a_complete_official_has_no_problems_and_needs_no_social_accounts():
    official = complete(
        role="official",
        social_accounts=(),
        ministry_direction_code="health",
        department="Департамент информации",
        position="Советник",
        direction_codes=("health", "science"),
    )
    assert rules.submission_problems(official) == []


def test_an_official_needs_ministry_department_position():
    problems = rules.submission_problems(complete(role="official", direction_codes=("health",)))
    assert {Problem("ministry_direction", "required"), Problem("department", "required")} <= set(problems)
    assert Problem("position", "required") in problems


def test_an_officials_first_direction_is_their_ministrys():
    official = complete(
        role="official",
        ministry_direction_code="health",
        department="Департамент",
        position="Советник",
        direction_codes=("science", "health"),
    )
    assert rules.submission_problems(official) == [Problem("directions", "official_first")]


@pytest.mark.parametrize(
    ("codes", "code"),
    [((), "required"), (("a", "b", "c", "d"), "too_many"), (("science", "science"), "duplicate")],
)
def test_directions_one_to_three_distinct(codes, code):
    assert Problem("directions", code) in rules.submission_problems(complete(direction_codes=codes))


def test_ideas_one_to_three_each_complete():
    idea = IdeaRow("Название", "Описание")
    assert Problem("ideas", "required") in rules.submission_problems(complete(ideas=()))
    assert Problem("ideas", "too_many") in rules.submission_problems(complete(ideas=(idea,) * 4))
    assert Problem("ideas", "incomplete") in rules.submission_problems(
        complete(ideas=(IdeaRow("Есть", " "),))
    )
    assert rules.submission_problems(complete(ideas=(idea,) * 3)) == []


def test_motivation_is_limited():
    too_long = "а" * (rules.MOTIVATION_MAX_LENGTH + 1)
    assert rules.submission_problems(complete(motivation=too_long)) == [Problem("motivation", "too_long")]


def test_a_blogger_needs_a_social_account_with_a_link_of_its_platform():
    assert rules.submission_problems(complete(social_accounts=())) == [Problem("social_accounts", "required")]
    wrong = (SocialAccountRow("vk", "https://t.me/maria", 10),)
    assert rules.submission_problems(complete(social_accounts=wrong)) == [
        Problem("social_accounts", "url_platform")
    ]
    no_link = (SocialAccountRow("vk", "", 10),)
    assert rules.submission_problems(complete(social_accounts=no_link)) == [
        Problem("social_accounts", "url_required")
    ]
    negative = (SocialAccountRow("telegram", "https://t.me/maria", -1),)
    assert rules.submission_problems(complete(social_accounts=negative)) == [
        Problem("social_accounts", "followers_negative")
    ]


def test_blogger_limits_on_links_and_files():
    links = tuple(f"https://t.me/maria/{n}" for n in range(rules.MAX_CONTENT_LINKS + 1))
    assert rules.submission_problems(complete(content_links=links)) == [Problem("content_links", "too_many")]
    assert rules.submission_problems(complete(work_files=4)) == [Problem("files", "too_many")]


def test_phone_must_be_russian():
    assert rules.submission_problems(complete(phone="12345")) == [Problem("phone", "invalid")]


def test_age_minimum_and_parent_consent_under_adult_age():
    thirteen = date(2012, 3, 16)  # turns 14 tomorrow
    assert rules.submission_problems(complete(birth_date=thirteen)) == [Problem("birth_date", "too_young")]
    sixteen = date(2010, 1, 1)
    assert rules.submission_problems(complete(birth_date=sixteen)) == [Problem("parent_consent", "required")]
    assert rules.submission_problems(complete(birth_date=sixteen, has_parent_consent=True)) == []
    exactly_adult = date(2008, 3, 15)
    assert rules.submission_problems(complete(birth_date=exactly_adult)) == []
    assert rules.submission_problems(complete(birth_date=date(2027, 1, 1))) == [
        Problem("birth_date", "future")
    ]


@pytest.mark.parametrize(
    ("stored", "shown"),
    [("+79123456789", "+7 912 345-67-89"), ("8 (916) 123-45-67", "+7 916 123-45-67"), ("12", "12"), ("", "")],
)
def test_a_phone_is_shown_in_groups(stored, shown):
    assert rules.phone_display(stored) == shown
