"""The organizers' export of issued certificates in the columns of the ФИС ФРДО import
template for documents of additional professional education (ДПО), to load into the
federal register. Revoked certificates are not sent to the register and are left out."""

from collections.abc import Iterator

from django.db.models import QuerySet
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone

from modules.models import Certificate, EducationLevel, ProgrammeSettings, Sex
from topblog.backoffice.exports import csv_response, xlsx_response

DOCUMENT_NAME = "Удостоверение о повышении квалификации"
# The register's template names its columns in Russian whatever the organizer's language.
FRDO_COLUMNS = [
    "Название документа",
    "Вид документа",
    "Статус документа",
    "Подтверждение утраты",
    "Подтверждение обмена",
    "Подтверждение уничтожения",
    "Серия документа",
    "Номер документа",
    "Дата выдачи документа",
    "Регистрационный номер",
    "Дополнительная профессиональная программа (наименование)",
    "Срок обучения, часов",
    "Год начала обучения",
    "Год окончания обучения",
    "Уровень образования ВО/СПО",
    "Фамилия, указанная в дипломе о ВО или СПО",
    "Серия документа о ВО/СПО",
    "Номер документа о ВО/СПО",
    "Фамилия получателя",
    "Имя получателя",
    "Отчество получателя",
    "Дата рождения получателя",
    "Пол получателя",
    "СНИЛС",
    "Форма обучения",
    "Источник финансирования обучения",
    "Гражданство получателя (код страны по ОКСМ)",
]
SEX = {Sex.MALE: "Муж", Sex.FEMALE: "Жен"}
LEVEL = {
    EducationLevel.HIGHER: "Высшее образование",
    EducationLevel.VOCATIONAL: "Среднее профессиональное образование",
}
CHUNK_SIZE = 1000


def frdo_rows(queryset: QuerySet[Certificate]) -> Iterator[list]:
    """One row per valid certificate, in the template's columns; blank where the trainee
    has not given the register's data yet."""
    certificates = (
        queryset.filter(revoked_at__isnull=True)
        .select_related("application__education_record", "season")
        .order_by("season_id", "sequence")
    )
    settings_of: dict[int, ProgrammeSettings] = {}
    for c in certificates.iterator(chunk_size=CHUNK_SIZE):
        if c.season_id not in settings_of:
            settings_of[c.season_id] = ProgrammeSettings.for_season(c.season)
        programme = settings_of[c.season_id]
        record = getattr(c.application, "education_record", None)
        yield [
            DOCUMENT_NAME,
            DOCUMENT_NAME,
            "Оригинал",
            "Нет",
            "Нет",
            "Нет",
            "",
            c.number,
            timezone.localdate(c.issued_at),
            c.number,
            c.programme_name,
            c.hours,
            c.starts_on.year,
            c.ends_on.year,
            LEVEL.get(record.education_level, "") if record else "",
            (record.diploma_last_name or c.last_name) if record else "",
            record.diploma_series if record else "",
            record.diploma_number if record else "",
            c.last_name,
            c.first_name,
            c.patronymic,
            c.application.birth_date,
            SEX.get(record.sex, "") if record else "",
            record.snils_display if record else "",
            programme.study_form,
            programme.funding_source,
            record.citizenship if record else "",
        ]


def _filename(extension: str) -> str:
    return f"frdo-dpo-{timezone.localdate():%Y-%m-%d}.{extension}"


def frdo_csv_response(queryset: QuerySet[Certificate]) -> StreamingHttpResponse:
    return csv_response(headers=FRDO_COLUMNS, rows=frdo_rows(queryset), filename=_filename("csv"))


def frdo_xlsx_response(queryset: QuerySet[Certificate]) -> FileResponse:
    return xlsx_response(
        sheet_title="ДПО", headers=FRDO_COLUMNS, rows=frdo_rows(queryset), filename=_filename("xlsx")
    )
