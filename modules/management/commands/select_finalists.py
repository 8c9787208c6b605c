"""``manage.py select_finalists [--season N] [--dry-run] [--json]``: the season's trainees
ranked for the team module by the configured blend of their programme result and their
portfolio review score, one team per direction, with the waiting lists and the rule that
decided each borderline case. Without --dry-run it is kept as the proposal organizers
review and publish in the admin; with it, only printed."""

import json
from dataclasses import asdict

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.review.management.commands._season import season_argument, season_of
from modules.finalist_report import Report, ranking_report
from modules.models import ProgrammeSettings
from modules.services.finalist_list import finalists_propose, finalists_ranking


class Command(BaseCommand):
    help = (
        "Рассчитывает список финалистов: рейтинг по результатам программы и экспертизы, команда на "
        "направление, листы ожидания и правило, решившее каждый пограничный случай."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        season_argument(parser)
        parser.add_argument("--dry-run", action="store_true", help="Только показать, не сохранять.")
        parser.add_argument("--json", action="store_true", dest="as_json", help="Вывести в JSON.")

    def handle(self, *args, season: int | None, dry_run: bool, as_json: bool, **options) -> None:
        chosen = season_of(season)
        try:
            if dry_run:
                result = finalists_ranking(
                    season=chosen, programme=ProgrammeSettings.for_season(chosen), now=timezone.now()
                )
            else:
                result = finalists_propose(season_id=chosen.pk, by=None)
        except ValidationError as refused:
            raise CommandError(" ".join(refused.messages)) from refused
        report = ranking_report(result)
        if as_json:
            self.stdout.write(
                json.dumps(
                    {"season": chosen.number, "saved": not dry_run, **asdict(report)},
                    ensure_ascii=False,
                    indent=2,
                )
            )
            return
        self._text(chosen, report, saved=not dry_run)

    def _text(self, season, report: Report, *, saved: bool) -> None:
        self.stdout.write(str(season))
        self.stdout.write(
            _("Места: %(seated)s; в листах ожидания: %(waiting)s.")
            % {"seated": report.seated, "waiting": report.waiting}
        )
        for item in report.lists:
            if not item.seated and not item.waiting_total and not item.empty_seats:
                continue
            self.stdout.write(f"\n{item.direction_name} — {item.role_label}")
            for row in item.seated:
                self.stdout.write(self._line(row))
            if item.empty_seats:
                self.stdout.write("  " + _("свободных мест: %(count)s") % {"count": item.empty_seats})
            if item.borderline:
                self.stdout.write("  " + _("граница: %(rule)s") % {"rule": item.borderline})
            if item.waiting_total:
                self.stdout.write("  " + _("лист ожидания (%(count)s):") % {"count": item.waiting_total})
                for row in item.waiting:
                    self.stdout.write("  " + self._line(row))
        if report.excluded:
            self.stdout.write("\n" + _("Не в рейтинге:"))
            for reason, count in report.excluded:
                self.stdout.write(f"  {reason}: {count}")
        if saved:
            self.stdout.write(
                self.style.SUCCESS(
                    _("Список сохранён как предложение: проверьте и опубликуйте его в админке (Финалисты).")
                )
            )

    @staticmethod
    def _line(row) -> str:
        return (
            f"  {row.position:>4} {row.application_id:>7} {row.name[:40]:<40} {row.score:>+7.3f} "
            f"{row.programme_score:>6.0%} {row.review_score:>+7.3f}  {row.rule}"
        )
