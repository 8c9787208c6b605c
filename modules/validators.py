"""Messages of the programme's checks, written once for the services, pages and API."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from modules import rules
from modules.attendance_csv import Problem

# What each problem of an attendance file means, with its line named by the caller.
ATTENDANCE_PROBLEMS = {
    "encoding": gettext_lazy("файл не в кодировке UTF-8 или Windows-1251"),
    "header": gettext_lazy(
        "в первой строке нужны столбцы email, session и present (или «почта», «занятие», «присутствие»), "
        "а в файле: «%(value)s»"
    ),
    "empty_file": gettext_lazy("в файле нет ни одной строки с отметками"),
    "empty": gettext_lazy("не заполнены почта, занятие или отметка"),
    "unknown_person": gettext_lazy(
        "неизвестный участник «%(value)s»: такой почты нет среди отобранных участников сезона"
    ),
    "unknown_session": gettext_lazy(
        "неизвестное занятие «%(value)s»: нужен номер занятия программы этого сезона"
    ),
    "not_in_audience": gettext_lazy("участник «%(value)s» не входит в число тех, для кого это занятие"),
    "bad_value": gettext_lazy(
        "неверная отметка «%(value)s»: нужно 1 или 0, «да» или «нет», «присутствовал» или «отсутствовал»"
    ),
    "repeated": gettext_lazy(
        "повтор: участник «%(value)s» на этом занятии уже отмечен в строке %(first_line)s"
    ),
}


def attendance_problem_message(problem: Problem) -> str:
    text = str(ATTENDANCE_PROBLEMS[problem.code]) % {"value": problem.value, "first_line": problem.first_line}
    return _("Строка %(line)s: %(text)s.") % {"line": problem.line, "text": text}


def snils_validate(value: str) -> str:
    """The СНИЛС as 11 digits; ValidationError when the number or its checksum is wrong."""
    normalized = rules.snils_normalize(value)
    if normalized is None:
        raise ValidationError(
            _("СНИЛС указан неверно: нужно 11 цифр, например 112-233-445 95; проверьте последние две цифры."),
            code="snils_invalid",
        )
    return normalized


NOT_A_TRAINEE = gettext_lazy("Эта страница — для участников образовательной программы сезона.")


# What each rule of modules.ranking means, for the organizers' list and the finalists' page.
RANKING_RULES = {
    "score": gettext_lazy("по итоговому баллу в выбранном первым направлении"),
    "later_choice": gettext_lazy("в следующем по приоритету направлении: в прежних мест не осталось"),
    "official_seat": gettext_lazy("на место представителя министерства, которое министерство не заняло"),
    "seats_full": gettext_lazy("в листе ожидания: в выбранных направлениях мест не осталось"),
    "not_completed": gettext_lazy("не завершил программу"),
    "no_review_score": gettext_lazy("нет оценки экспертизы портфолио"),
    "no_direction": gettext_lazy("нет подходящего направления сезона"),
    "higher_score": gettext_lazy("выше итоговый балл"),
    "review_score": gettext_lazy("при равном балле — выше оценка экспертизы"),
    "programme_score": gettext_lazy("при равном балле и оценке экспертизы — выше результат программы"),
    "application_id": gettext_lazy("при полном равенстве — заявка подана раньше"),
}
