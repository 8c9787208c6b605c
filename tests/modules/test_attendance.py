"""Attendance: the import checks every row and writes all or nothing, names each bad
row by its line in Russian, and changes nothing when the same file comes twice; an
organizer's marks go through the same service."""

import pytest
from django.core.exceptions import ValidationError

from modules.models import Attendance, Audience
from modules.services.attendance import attendance_import, attendance_mark
from tests.factories import applicant, organizer
from tests.modules.factories import SessionFactory, season_at, trainee
from topblog.tracks.models import Direction

pytestmark = pytest.mark.django_db


@pytest.fixture
def season():
    return season_at()


@pytest.fixture
def people(season):
    return {
        "anna": trainee(season, "culture", applicant=applicant(email="anna@example.com")),
        "boris": trainee(season, "health", applicant=applicant(email="boris@example.com")),
    }


def csv(*lines: str, encoding: str = "utf-8") -> bytes:
    return "\n".join(lines).encode(encoding)


def import_(content: bytes, season) -> object:
    return attendance_import(season_id=season.pk, content=content, by=organizer())


def problems_of(content: bytes, season) -> list[str]:
    with pytest.raises(ValidationError) as refused:
        import_(content, season)
    return refused.value.messages


def test_a_good_file_is_imported_and_the_same_file_again_changes_nothing(season, people):
    first, second = SessionFactory(), SessionFactory()
    content = csv(
        "email;session;present",
        f"anna@example.com;{first.pk};1",
        f"boris@example.com;{first.pk};0",
        f"ANNA@example.com ;{second.pk};да",
    )
    written = import_(content, season)
    assert (written.created, written.changed, written.unchanged) == (3, 0, 0)
    marks = set(Attendance.objects.values_list("application_id", "session_id", "present"))
    assert marks == {
        (people["anna"].pk, first.pk, True),
        (people["boris"].pk, first.pk, False),
        (people["anna"].pk, second.pk, True),
    }
    stamps = list(Attendance.objects.order_by("pk").values_list("marked_at", flat=True))
    again = import_(content, season)
    assert (again.created, again.changed, again.unchanged) == (0, 0, 3)
    assert list(Attendance.objects.order_by("pk").values_list("marked_at", flat=True)) == stamps


def test_a_changed_value_is_updated(season, people):
    session = SessionFactory()
    import_(csv("email,session,present", f"anna@example.com,{session.pk},0"), season)
    written = import_(csv("email,session,present", f"anna@example.com,{session.pk},присутствовал"), season)
    assert (written.created, written.changed) == (0, 1)
    assert Attendance.objects.get().present is True


def test_every_bad_row_is_named_by_line_and_reason_and_nothing_is_written(season, people):
    session = SessionFactory()
    health_only = SessionFactory(audience=Audience.DIRECTION, direction=Direction.objects.get(code="health"))
    content = csv(
        "email;session;present",
        f"anna@example.com;{session.pk};1",  # 2: good
        f"stranger@example.com;{session.pk};1",  # 3: unknown person
        "anna@example.com;99999;1",  # 4: unknown session
        "anna@example.com;урок;1",  # 5: not a session number
        f"anna@example.com;{health_only.pk};1",  # 6: not in the audience
        f"boris@example.com;{session.pk};может быть",  # 7: bad value
        f"anna@example.com;{session.pk};0",  # 8: repeats line 2
        f"boris@example.com;{session.pk};",  # 9: empty
    )
    problems = problems_of(content, season)
    # Each message whole, as the organizer reads it.
    assert problems == [
        "Строка 3: неизвестный участник «stranger@example.com»: такой почты нет среди отобранных участников сезона.",  # noqa: E501
        "Строка 4: неизвестное занятие «99999»: нужен номер занятия программы этого сезона.",
        "Строка 5: неизвестное занятие «урок»: нужен номер занятия программы этого сезона.",
        "Строка 6: участник «anna@example.com» не входит в число тех, для кого это занятие.",
        "Строка 7: неверная отметка «может быть»: нужно 1 или 0, «да» или «нет», «присутствовал» или «отсутствовал».",  # noqa: E501
        "Строка 8: повтор: участник «anna@example.com» на этом занятии уже отмечен в строке 2.",
        "Строка 9: не заполнены почта, занятие или отметка.",
    ]
    assert not Attendance.objects.exists()


def test_a_person_of_another_season_or_not_selected_is_unknown(season, people):
    session = SessionFactory()
    not_selected = trainee(season, applicant=applicant(email="late@example.com"))
    not_selected.status = "not_selected"
    not_selected.save()
    (problem,) = problems_of(csv("email;session;present", f"late@example.com;{session.pk};1"), season)
    assert problem.startswith("Строка 2: неизвестный участник «late@example.com»")


def test_a_file_without_the_columns_is_refused_at_its_header(season, people):
    (problem,) = problems_of(csv("name;when", "Анна;вчера"), season)
    assert problem.startswith("Строка 1: в первой строке нужны столбцы email, session и present")
    assert problem.endswith("а в файле: «name;when».")


def test_russian_column_names_windows_1251_and_excel_bom_are_read(season, people):
    session = SessionFactory()
    content = csv("Почта;Занятие;Присутствие", f"anna@example.com;{session.pk};да", encoding="cp1251")
    assert import_(content, season).created == 1
    bom = "\ufeffemail;session;present\n" + f"boris@example.com;{session.pk};1"
    assert import_(bom.encode(), season).created == 1


def test_an_empty_file_is_refused(season, people):
    assert problems_of(csv("email;session;present"), season) == [
        "Строка 1: в файле нет ни одной строки с отметками."
    ]


def test_an_organizers_marks_refuse_someone_the_session_is_not_for(season, people):
    health_only = SessionFactory(audience=Audience.DIRECTION, direction=Direction.objects.get(code="health"))
    with pytest.raises(ValidationError, match="не входят"):
        attendance_mark(session_id=health_only.pk, present={people["anna"].pk: True}, by=organizer())
    written = attendance_mark(session_id=health_only.pk, present={people["boris"].pk: True}, by=organizer())
    assert written.created == 1
    assert Attendance.objects.get().source == Attendance.Source.ADMIN
