"""The season a review command works on: --season N, or the current one."""

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from topblog.tracks.models import Season
from topblog.tracks.selectors import season_current


def season_argument(parser: CommandParser) -> None:
    parser.add_argument("--season", type=int, default=None, help="Номер сезона; по умолчанию текущий.")


def season_of(number: int | None) -> Season:
    season = Season.objects.filter(number=number).first() if number is not None else season_current()
    if season is None:
        raise CommandError(_("Сезон не найден: укажите --season или сделайте сезон текущим."))
    return season
