"""``manage.py assign_reviewers``: give every submitted application of the season its
experts (applications.review.services.assign_reviewers); running it again fills only
what is missing."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from applications.review import services
from applications.review.management.commands._season import season_argument, season_of


class Command(BaseCommand):
    help = (
        "Назначает экспертов заявкам сезона: каждой — нужное число разных экспертов её первого направления."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        season_argument(parser)

    def handle(self, *args, season: int | None, **options) -> None:
        chosen = season_of(season)
        try:
            run = services.assign_reviewers(season_id=chosen.pk)
        except ValidationError as refused:
            raise CommandError(" ".join(refused.messages)) from refused
        style = self.style.WARNING if run.short else self.style.SUCCESS
        self.stdout.write(style(f"{chosen}: {run.summary()}"))
