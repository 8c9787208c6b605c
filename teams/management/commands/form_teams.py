"""``manage.py form_teams [--season N] [--dry-run] [--json]``: the season's confirmed
finalists formed into one team per direction by the same services as the admin's
formation page. Without --dry-run the formation is applied (memberships, history,
notices); with it, nothing is written. A formation that cannot hold exits non-zero with
the reasons in Russian."""

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _

from applications.review.management.commands._season import season_argument, season_of
from teams.models import FormationRunStatus
from teams.services.formation import formation_run_apply, formation_run_start


class _DryRun(Exception):
    """Leaves the dry run's transaction, rolling back the teams and the run it wrote."""


class Command(BaseCommand):
    help = "Формирует команды направлений из подтвердивших участие финалистов."

    def add_arguments(self, parser: CommandParser) -> None:
        season_argument(parser)
        parser.add_argument("--dry-run", action="store_true", help="Только рассчитать, ничего не записывать.")
        parser.add_argument("--json", action="store_true", dest="as_json", help="Вывести в JSON.")

    def handle(self, *args, season: int | None, dry_run: bool, as_json: bool, **options) -> None:
        chosen = season_of(season)
        applied = None
        try:
            with transaction.atomic():
                run = formation_run_start(season=chosen, by=None, inline=True)
                if dry_run or run.status != FormationRunStatus.READY:
                    raise _DryRun
        except _DryRun:
            pass
        if run.status != FormationRunStatus.READY:
            raise CommandError(run.error)
        if not dry_run:
            try:
                applied = formation_run_apply(run_id=run.pk, by=None)
            except ValidationError as refused:
                raise CommandError(" ".join(refused.messages)) from refused
        if as_json:
            output = {"season": chosen.number, "applied": applied is not None, **run.result}
            if applied is not None:
                output["changes"] = {"placed": applied.placed, "moved": applied.moved, "left": applied.left}
            self.stdout.write(json.dumps(output, ensure_ascii=False, indent=2))
            return
        self._text(run.result["metrics"], applied)

    def _text(self, metrics: dict, applied) -> None:
        self.stdout.write(
            _(
                "В первом выборе: %(first)s %%, в двух первых: %(two)s %%, стоимость: %(cost)s, "
                "больше всего из одного региона в команде: %(region)s."
            )
            % {
                "first": round(metrics["first_choice_share"] * 100),
                "two": round(metrics["top_two_share"] * 100),
                "cost": metrics["total_cost"],
                "region": metrics["max_region_count"],
            }
        )
        for direction, team in metrics["teams"].items():
            self.stdout.write(
                _(
                    "%(direction)s: %(size)s (блогеров %(bloggers)s, представителей министерств "
                    "%(officials)s, регионов %(regions)s)"
                )
                % {"direction": direction, **team}
            )
        if applied is None:
            self.stdout.write(_("Пробный расчёт: ничего не записано."))
        else:
            self.stdout.write(
                _("Применено: назначено — %(placed)s, переведено — %(moved)s, выбыло — %(left)s.")
                % {"placed": applied.placed, "moved": applied.moved, "left": applied.left}
            )
