"""The organizers' downloads of the final: the projects with their reach figures as XLSX,
and the locked presentations as one ZIP streamed a file at a time."""

import re
import zipfile
from collections.abc import Iterator

from django.db.models import Prefetch, QuerySet
from django.http import FileResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from teams.final.models import Presentation
from teams.projects.models import MediaProject, ReachFigure
from topblog.backoffice.exports import xlsx_response

CHUNK = 64 * 1024


def projects_xlsx_response(*, season_id: int) -> FileResponse:
    """One row per link and checkpoint reported; a project with no figures yet has one
    row of its own, so no project is missing from the list."""
    projects = (
        MediaProject.objects.filter(team__season_id=season_id)
        .select_related("team__direction")
        .prefetch_related(
            Prefetch(
                "links__figures",
                queryset=ReachFigure.objects.select_related("checkpoint").order_by("checkpoint__due_at"),
            )
        )
        .order_by("team__number", "title", "pk")
    )
    headers = [
        _("Направление"),
        _("Команда"),
        _("Проект"),
        _("Формат"),
        _("Статус"),
        _("Площадка"),
        _("Ссылка"),
        _("Контрольная точка"),
        _("Просмотры"),
        _("Реакции"),
        _("Комментарии"),
        _("Репосты"),
    ]

    def rows():
        for project in projects.iterator(chunk_size=200):
            head = [
                project.team.direction.name,
                project.team.number,
                project.title,
                project.get_format_display(),
                project.get_status_display(),
            ]
            written = False
            for link in project.links.all():
                for figure in link.figures.all():
                    written = True
                    yield [
                        *head,
                        link.get_platform_display(),
                        link.url,
                        figure.checkpoint.title,
                        figure.views,
                        figure.reactions,
                        figure.comments,
                        figure.shares,
                    ]
            if not written:
                yield [*head, None, None, None, None, None, None, None]

    return xlsx_response(
        sheet_title=_("Проекты и охваты"), headers=headers, rows=rows(), filename="final-projects.xlsx"
    )


def _safe(text: str) -> str:
    return re.sub(r"[^\w\- ]+", "", text, flags=re.UNICODE).strip() or "team"


def zip_name(presentation: Presentation) -> str:
    team = presentation.team
    version = presentation.shown_version.number
    return f"{team.number:02d} {_safe(team.direction.code)} {_safe(team.direction.name)} v{version}.pdf"


class _Pipe:
    """What zipfile writes, handed out as it comes: the archive is never held whole."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def drain(self) -> bytes:
        data, self.parts = b"".join(self.parts), []
        return data


def locked_presentations(*, season_id: int) -> QuerySet[Presentation]:
    return (
        Presentation.objects.filter(team__season_id=season_id, locked_at__isnull=False)
        .select_related("team__direction", "shown_version")
        .order_by("team__number")
    )


def _zip_stream(presentations: QuerySet[Presentation]) -> Iterator[bytes]:
    pipe = _Pipe()
    # Stored, not deflated: a PDF is compressed already.
    with zipfile.ZipFile(pipe, "w", compression=zipfile.ZIP_STORED) as archive:
        for presentation in presentations:
            stored = presentation.shown_version.file
            info = zipfile.ZipInfo(zip_name(presentation), date_time=presentation.locked_at.timetuple()[:6])
            with (
                stored.storage.open(stored.name, "rb") as source,
                archive.open(info, "w", force_zip64=True) as target,
            ):
                while chunk := source.read(CHUNK):
                    target.write(chunk)
                    yield pipe.drain()
    yield pipe.drain()


def presentations_zip_response(*, season_id: int) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        _zip_stream(locked_presentations(season_id=season_id)), content_type="application/zip"
    )
    response["Content-Disposition"] = content_disposition_header(True, "final-presentations.zip")
    return response
