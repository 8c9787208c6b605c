"""``manage.py select_participants [--dry-run] [--json]``: the selection proposal, ranked,
with counts against the quotas, the minimums and the federal districts, and the
applications held out. Without --dry-run it is kept for organizers to override and
publish in the admin; with it, only printed."""

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from applications.models import ApplicantRole
from applications.review import proposal, services
from applications.review.management.commands._season import season_argument, season_of
from applications.review.models import HeldOut, Proposed
from topblog.tracks.models import FederalDistrict


class Command(BaseCommand):
    help = "Рассчитывает предложение отбора: рейтинг, решения, счёт по квотам и минимумам, отложенные заявки."

    def add_arguments(self, parser: CommandParser) -> None:
        season_argument(parser)
        parser.add_argument("--dry-run", action="store_true", help="Только показать, не сохранять.")
        parser.add_argument("--json", action="store_true", dest="as_json", help="Вывести в JSON.")

    def handle(self, *args, season: int | None, dry_run: bool, as_json: bool, **options) -> None:
        chosen = season_of(season)
        try:
            if dry_run:
                result = proposal.selection_proposal(season=chosen)
            else:
                result = services.selection_propose(season_id=chosen.pk, by=None)
        except ValueError as refused:
            raise CommandError(_("Минимумы отбора одной роли в сумме больше её квоты.")) from refused
        except ValidationError as refused:
            raise CommandError(" ".join(refused.messages)) from refused
        counted = proposal.proposal_tally(result)
        if as_json:
            self.stdout.write(_as_json(chosen, result, counted, saved=not dry_run))
        else:
            self._text(chosen, result, counted, saved=not dry_run)

    def _text(self, season, result: proposal.Proposal, counted: proposal.Tally, *, saved: bool) -> None:
        roles, districts = dict(ApplicantRole.choices), dict(FederalDistrict.choices)
        held_out = dict(HeldOut.choices)
        self.stdout.write(str(season))
        self.stdout.write(_("Роли (отобрано / квота / в отборе):"))
        for line in counted.roles:
            self.stdout.write(
                f"  {roles.get(line.key[1], line.key[1]):<30}{line.selected:>6}{line.target or 0:>6}"
                f"{line.candidates:>7}"
            )
        self.stdout.write(_("Роли и направления (отобрано / минимум / в отборе):"))
        for line in counted.directions:
            flag = "  !" if line.short else ""
            self.stdout.write(
                f"  {roles.get(line.key[1], line.key[1])[:14]:<15}{line.key[2]:<15}{line.selected:>6}"
                f"{line.target or 0:>6}{line.candidates:>7}{flag}"
            )
        self.stdout.write(_("Федеральные округа (отобрано / в отборе):"))
        for line in counted.districts:
            self.stdout.write(
                f"  {districts.get(line.key[1]) or '—'!s:<30}{line.selected:>6}{line.candidates:>7}"
            )
        self.stdout.write(
            _("Рейтинг (место, заявка, роль, направление, балл, расхождение, оценок, решение):")
        )
        for row in result.rows:
            if row.proposed == Proposed.HELD_OUT:
                continue
            self.stdout.write(
                f"  {row.rank:>5} {row.application_id:>7} {row.role:<9}{row.direction:<10}{row.score:>+8.3f}"
                f"{row.disagreement:>7.2f}{row.reviews_done:>3}  {Proposed(row.proposed).label}"
            )
        self.stdout.write(_("Отложены (%(count)s):") % {"count": len(result.held_out)})
        for row in result.held_out:
            self.stdout.write(f"  {row.application_id:>7} {held_out[row.held_out_reason]}")
        if saved:
            self.stdout.write(
                self.style.SUCCESS(
                    _("Предложение сохранено: измените решения и опубликуйте итоги в админке (Отбор).")
                )
            )


def _as_json(season, result: proposal.Proposal, counted: proposal.Tally, *, saved: bool) -> str:
    def lines(items):
        return [
            {
                "key": list(line.key[1:]),
                "selected": line.selected,
                "target": line.target,
                "candidates": line.candidates,
                "short": line.short,
            }
            for line in items
        ]

    return json.dumps(
        {
            "season": season.number,
            "saved": saved,
            "quotas": result.quotas,
            "minimums": [
                {"role": role, "direction": direction, "minimum": minimum}
                for (role, direction), minimum in sorted(result.minimums.items())
            ],
            "counts": {
                "roles": lines(counted.roles),
                "directions": lines(counted.directions),
                "districts": lines(counted.districts),
            },
            "ranking": [
                {
                    "rank": r.rank,
                    "application_id": r.application_id,
                    "role": r.role,
                    "direction": r.direction,
                    "district": r.district,
                    "score": r.score,
                    "disagreement": r.disagreement,
                    "reviews_done": r.reviews_done,
                    "proposed": r.proposed,
                }
                for r in result.rows
                if r.proposed != Proposed.HELD_OUT
            ],
            "held_out": [
                {"application_id": r.application_id, "reason": r.held_out_reason} for r in result.held_out
            ],
        },
        ensure_ascii=False,
        indent=2,
    )
