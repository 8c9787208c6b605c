"""``manage.py seed_demo``: the demo season and the demo logins, in one command."""

import logging
from contextlib import contextmanager

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from applications.models import ApplicantRole, ApplicationStatus
from applications.services import duplicates
from modules.models import FinalistStatus
from modules.services import finalists
from topblog.demo.services import (
    DEFAULT_APPLICATIONS,
    DemoDataExists,
    DemoSeedError,
    DemoSummary,
    demo_accounts_create,
    demo_season_seed,
)
from topblog.notifications import outbox
from topblog.tracks.models import StageKind

# What logs each row it writes: the generated season has hundreds of duplicates and
# finalists' steps (each told through the outbox by an inline task), which the summary
# counts instead unless -v 2 asks for them.
ROW_LOGGERS = (duplicates.logger, finalists.logger, outbox.logger, logging.getLogger("celery.app.trace"))


@contextmanager
def _rows_logged_if(wanted: bool):
    levels = [logger.level for logger in ROW_LOGGERS]
    if not wanted:
        for logger, level in zip(ROW_LOGGERS, levels, strict=True):
            logger.setLevel(max(level, logging.WARNING))
    try:
        yield
    finally:
        for logger, level in zip(ROW_LOGGERS, levels, strict=True):
            logger.setLevel(level)


class Command(BaseCommand):
    # Plain strings: argparse formats help text before any translation could apply.
    help = (
        "Создаёт демо-сезон «Министерство контента»: текущий сезон с этапами, сгенерированные "
        "заявки и по одному демо-входу на каждую роль."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--applications", type=int, default=DEFAULT_APPLICATIONS,
            help="Сколько заявок создать (по умолчанию %(default)s).",
        )
        parser.add_argument(
            "--seed", type=int, default=1,
            help="Зерно генератора: одно и то же зерно даёт те же данные.",
        )
        parser.add_argument(
            "--stage", choices=StageKind.values, default=None,
            help=(
                "Этап сезона, который идёт сегодня: календарь сдвигается под него. Без него — "
                "календарь настоящего сезона: приём заявок открыт, финал 17–19 ноября."
            ),
        )
        existing = parser.add_mutually_exclusive_group()
        existing.add_argument(
            "--reset", action="store_true",
            help="Удалить заявки, сгенерированных заявителей и сезоны и создать заново.",
        )
        existing.add_argument(
            "--if-empty", action="store_true",
            help="Если сезон или заявки уже есть, не создавать их и не считать это ошибкой.",
        )

    def handle(self, *args, applications: int, seed: int, stage: str, reset: bool, if_empty: bool,
               **options) -> None:
        try:
            try:
                with _rows_logged_if(options["verbosity"] >= 2):
                    summary = demo_season_seed(applications=applications, seed=seed, stage=stage, reset=reset)
                self._summary_write(summary)
            except DemoDataExists as exc:
                if not if_empty:
                    raise CommandError(
                        f"{exc} " + _("Чтобы удалить их и создать демо-сезон заново, добавьте --reset.")
                    ) from exc
                # `make run` starts here every time: the season stays as it is, the logins are renewed.
                self.stdout.write(
                    _("Демо-сезон уже создан (есть текущий сезон или заявки) — не трогаю его.")
                )
            self._logins_write(demo_accounts_create())
        except DemoSeedError as exc:
            raise CommandError(str(exc)) from exc

    def _summary_write(self, summary: DemoSummary) -> None:
        self.stdout.write(self.style.SUCCESS(
            ngettext(
                "Демо-сезон %(number)s: этап «%(stage)s», %(count)s заявка за %(seconds).1f с.",
                "Демо-сезон %(number)s: этап «%(stage)s», %(count)s заявок за %(seconds).1f с.",
                summary.applications,
            ) % {
                "number": summary.season_number, "stage": StageKind(summary.stage).label,
                "count": summary.applications, "seconds": summary.seconds,
            }
        ))
        self.stdout.write(_("По статусам:"))
        for status, count in summary.by_status.items():
            self.stdout.write(f"  {ApplicationStatus(status).label:<28}{count:>7}")
        self.stdout.write(_("По ролям:"))
        for role, count in summary.by_role.items():
            self.stdout.write(f"  {ApplicantRole(role).label:<28}{count:>7}")
        self.stdout.write(
            _("Возможных дублей: %(duplicates)s; медиана подписчиков блогера: %(median)s.") % {
                "duplicates": summary.possible_duplicates, "median": round(summary.blogger_followers_median),
            }
        )
        self.stdout.write(
            _("Файлов портфолио: %(files)s; согласий: %(consents)s.") % {
                "files": summary.files, "consents": summary.consents,
            }
        )
        self.stdout.write(
            _("Экспертов: %(experts)s; отправленных оценок: %(reviews)s.") % {
                "experts": summary.experts, "reviews": summary.reviews,
            }
        )
        if summary.programme is not None:
            p = summary.programme
            self.stdout.write(
                _("Программа: занятий %(sessions)s, отметок посещаемости %(attendance)s, "
                  "работ %(submissions)s, удостоверений %(certificates)s.") % {
                    "sessions": p.sessions, "attendance": p.attendance, "submissions": p.submissions,
                    "certificates": p.certificates,
                }
            )
            if p.finalists:
                self.stdout.write(_("Финалисты:"))
                for status, count in p.finalists.items():
                    self.stdout.write(f"  {FinalistStatus(status).label:<28}{count:>7}")
        if summary.teams is not None:
            t = summary.teams
            self.stdout.write(
                _("Команды: %(teams)s, участников %(members)s, в первом выборе %(first)s %%, "
                  "больше всего из одного региона в команде %(region)s.") % {
                    "teams": t.teams, "members": t.members, "first": round(t.first_choice_share * 100),
                    "region": t.max_region_count,
                }
            )
        if summary.projects is not None and summary.projects.projects:
            m = summary.projects
            self.stdout.write(
                _("Медиапроекты: %(projects)s, ссылок %(links)s, отчётов %(reports)s "
                  "(с опозданием %(late)s), значений охвата %(figures)s.") % {
                    "projects": m.projects, "links": m.links, "reports": m.reports,
                    "late": m.late_reports, "figures": m.figures,
                }
            )
        if summary.final is not None:
            self.stdout.write(
                _("Финал: слотов презентаций %(slots)s, презентаций %(presentations)s, "
                  "закреплено %(locked)s.")
                % {"slots": summary.final.slots, "presentations": summary.final.presentations,
                   "locked": summary.final.locked}
            )
        if summary.jury is not None:
            j = summary.jury
            self.stdout.write(
                _("Жюри: критериев %(criteria)s, членов жюри %(jurors)s, оценок %(scores)s.")
                % {"criteria": j.criteria, "jurors": j.jurors, "scores": j.scores}
            )
            self._logins_write([j.login])

    def _logins_write(self, logins: list[tuple[str, str, str]]) -> None:
        self.stdout.write(_("Демо-входы (только для демонстрации):"))
        who_width = max((len(who) for who, _email, _password in logins), default=0) + 2
        email_width = max((len(email) for _who, email, _password in logins), default=0) + 2
        for who, email, password in logins:
            self.stdout.write(f"  {who:<{who_width}}{email:<{email_width}}{password}")
