"""Database functions for providers' aggregates."""

from datetime import datetime

from django.db.models.functions import TruncDate
from django.utils import timezone


class LocalDate(TruncDate):
    """The calendar day of a datetime column in the portal's time zone (Moscow), for a
    GROUP BY per day.

    Django's TruncDate does this on every database, but on SQLite through a Python
    function called once per row: a tenth of a second for a season's 8,500 applications.
    There SQLite's own date() shifts by the zone's offset at ``at`` instead, which is
    exact for a zone without daylight saving time, such as Moscow's since 2014."""

    def __init__(self, expression, *, at: datetime, **extra):
        self.at = at
        super().__init__(expression, tzinfo=timezone.get_default_timezone(), **extra)

    def as_sqlite(self, compiler, connection, **extra_context):
        offset = int(timezone.localtime(self.at, self.tzinfo).utcoffset().total_seconds())
        sql, params = compiler.compile(self.lhs)
        return f"date({sql}, %s)", (*params, f"{offset:+d} seconds")
