"""Messages of the workspace's checks, written once for the services, pages and API."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from teams.projects.figures_csv import Problem

# What each problem of a figures file means, with its line named by the caller.
FIGURES_PROBLEMS = {
    "encoding": gettext_lazy("файл не в кодировке UTF-8 или Windows-1251"),
    "header": gettext_lazy(
        "в первой строке нужны столбцы url, checkpoint, views, reactions, comments, shares "
        "(или «ссылка», «точка», «просмотры», «реакции», «комментарии», «репосты»), а в файле: «%(value)s»"
    ),
    "empty_file": gettext_lazy("в файле нет ни одной строки с охватами"),
    "empty": gettext_lazy("не заполнены ссылка или номер контрольной точки"),
    "unknown_link": gettext_lazy("неизвестная ссылка «%(value)s»: её нет среди ссылок проектов сезона"),
    "ambiguous_link": gettext_lazy(
        "ссылка «%(value)s» есть у нескольких проектов сезона: внесите её охват на странице проекта"
    ),
    "unknown_checkpoint": gettext_lazy(
        "неизвестная контрольная точка «%(value)s»: нужен номер контрольной точки этого сезона"
    ),
    "bad_number": gettext_lazy("«%(value)s» — не целое число"),
    "negative": gettext_lazy("отрицательное число «%(value)s»"),
    "repeated": gettext_lazy(
        "повтор: охват ссылки «%(value)s» на этой контрольной точке уже указан в строке %(first_line)s"
    ),
}


def figures_problem_message(problem: Problem) -> str:
    text = str(FIGURES_PROBLEMS[problem.code]) % {"value": problem.value, "first_line": problem.first_line}
    return _("Строка %(line)s: %(text)s.") % {"line": problem.line, "text": text}


STALE_EDIT = gettext_lazy(
    "Пока вы редактировали, проект изменил другой участник команды. Ваши правки не сохранены, "
    "но остались в форме: сверьте их с текущей версией проекта и сохраните снова."
)
NOT_A_MEMBER = gettext_lazy("Изменять проект могут только участники его команды.")
NOT_A_CURATOR = gettext_lazy("Комментировать проекты могут кураторы направления и организаторы.")
RESPONSIBLE_OUTSIDE_TEAM = gettext_lazy("Ответственными могут быть только участники команды проекта.")
LINK_TWICE = gettext_lazy("Эта ссылка у проекта уже есть.")
UNKNOWN_PLATFORM = gettext_lazy("Выберите площадку из списка.")
CHECKPOINT_OF_OTHER_SEASON = gettext_lazy("Эта контрольная точка не относится к сезону команды.")
LINK_OF_OTHER_PROJECT = gettext_lazy("В отчёте можно указать охваты только ссылок этого проекта.")
NO_REFINEMENT_STAGE = gettext_lazy(
    "В расписании сезона нет этапа доработки медиапроектов: сначала задайте его даты."
)
