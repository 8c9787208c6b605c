"""A season of the track, its stages and quotas, and the reference data it uses:
the five directions with their curating ministries and the regions of Russia."""

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from topblog.i18n import Localized, english_active


class FederalDistrict(models.TextChoices):
    CENTRAL = "CFD", _("Центральный")
    NORTHWESTERN = "NWFD", _("Северо-Западный")
    SOUTHERN = "SFD", _("Южный")
    NORTH_CAUCASIAN = "NCFD", _("Северо-Кавказский")
    VOLGA = "VFD", _("Приволжский")
    URAL = "UFD", _("Уральский")
    SIBERIAN = "SIBFD", _("Сибирский")
    FAR_EASTERN = "FEFD", _("Дальневосточный")


class Region(models.Model):
    """A federal subject of Russia, with its ФНС code, as official forms list it."""

    code = models.CharField(_("код ФНС"), max_length=2, unique=True)
    name = models.CharField(_("название"), max_length=128, unique=True)
    name_en = models.CharField(_("название по-английски"), max_length=128, blank=True)
    federal_district = models.CharField(_("федеральный округ"), max_length=8, choices=FederalDistrict.choices)
    # Weights the demo season toward populous regions, as real applications are.
    population_thousands = models.PositiveIntegerField(_("население, тыс. человек"))

    name_i18n = Localized("name")

    class Meta:
        verbose_name = _("регион")
        verbose_name_plural = _("регионы")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name_i18n

    @property
    def short_name(self) -> str:
        """The name as a narrow column shows it: «Нижегородская обл.», «Респ. Татарстан»."""
        return self.name_en if english_active() and self.name_en else region_short_name(self.name)


# Whole names with a short form of their own; the rest are shortened word by word.
REGION_SHORT_NAMES = {
    "Донецкая Народная Республика": "ДНР",
    "Луганская Народная Республика": "ЛНР",
    "Кабардино-Балкарская Республика": "Кабардино-Балкария",
    "Карачаево-Черкесская Республика": "Карачаево-Черкесия",
}
REGION_SHORT_WORDS = (
    ("автономный округ", "АО"),
    ("автономная область", "авт. обл."),
    ("Республика", "Респ."),
    ("область", "обл."),
)


def region_short_name(name: str) -> str:
    """«Кемеровская область — Кузбасс» → «Кемеровская обл.»: the second name after a
    dash dropped, the kind of subject abbreviated as official lists abbreviate it."""
    if name in REGION_SHORT_NAMES:
        return REGION_SHORT_NAMES[name]
    short = name.split(" — ")[0]
    for word, abbreviation in REGION_SHORT_WORDS:
        short = short.replace(word, abbreviation)
    return short


class Direction(models.Model):
    """A thematic direction of the track, curated by one federal ministry."""

    code = models.SlugField(_("код"), max_length=32, unique=True)
    name = models.CharField(_("название"), max_length=128)
    name_en = models.CharField(_("название по-английски"), max_length=128)
    ministry = models.CharField(_("министерство"), max_length=255)
    ministry_short = models.CharField(_("министерство, кратко"), max_length=64)
    ministry_en = models.CharField(_("министерство по-английски"), max_length=255)
    ministry_short_en = models.CharField(_("министерство, кратко, по-английски"), max_length=64, blank=True)
    description = models.TextField(_("описание"), blank=True)
    position = models.PositiveSmallIntegerField(_("порядок"), default=0)

    name_i18n = Localized("name")
    ministry_i18n = Localized("ministry")
    ministry_short_i18n = Localized("ministry_short")

    class Meta:
        verbose_name = _("направление")
        verbose_name_plural = _("направления")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return f"{self.name_i18n} ({self.ministry_short_i18n})"


class Season(models.Model):
    """One season of the track: its quotas and, through its stages, its key dates.
    Everything here is edited by organizers; nothing in code repeats these numbers."""

    project = models.CharField(_("проект"), max_length=64, default="ТопБЛОГ")
    track = models.CharField(_("трек"), max_length=128, default="Министерство контента")
    project_en = models.CharField(_("проект по-английски"), max_length=64, blank=True, default="TopBLOG")
    track_en = models.CharField(
        _("трек по-английски"), max_length=128, blank=True, default="Ministry of Content"
    )
    number = models.PositiveSmallIntegerField(_("номер сезона"))
    is_current = models.BooleanField(
        _("текущий"), default=False, help_text=_("Текущий сезон может быть только один.")
    )
    bloggers_quota = models.PositiveIntegerField(_("квота блогеров"))
    officials_quota = models.PositiveIntegerField(_("квота представителей министерств"))
    finalists_quota = models.PositiveIntegerField(_("число участников командного модуля"))
    team_size = models.PositiveIntegerField(_("размер команды"))
    min_applicant_age = models.PositiveSmallIntegerField(_("минимальный возраст заявителя"), default=14)
    adult_age = models.PositiveSmallIntegerField(
        _("возраст совершеннолетия"),
        default=18,
        help_text=_("Младшие заявители загружают согласие родителя."),
    )

    class Meta:
        verbose_name = _("сезон")
        verbose_name_plural = _("сезоны")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["project", "track", "number"], name="tracks_season_number"),
            models.UniqueConstraint(
                fields=["is_current"], condition=Q(is_current=True), name="tracks_one_current_season"
            ),
            models.CheckConstraint(condition=Q(team_size__gt=0), name="tracks_season_team_size_positive"),
            models.CheckConstraint(
                condition=Q(min_applicant_age__lte=F("adult_age")), name="tracks_season_ages_ordered"
            ),
        ]

    project_i18n = Localized("project")
    track_i18n = Localized("track")

    def __str__(self) -> str:
        return gettext("%(project)s, сезон %(number)s: «%(track)s»") % {
            "project": self.project_i18n, "number": self.number, "track": self.track_i18n
        }

    @property
    def selection_quota(self) -> int:
        return self.bloggers_quota + self.officials_quota


class StageKind(models.TextChoices):
    """The season's funnel, in order."""

    APPLICATIONS = "applications", _("Приём заявок")
    PORTFOLIO_REVIEW = "portfolio_review", _("Экспертиза портфолио")
    SELECTION_RESULTS = "selection_results", _("Объявление результатов отбора")
    EDUCATION = "education", _("Программа ДПО")
    TEAM_MODULE = "team_module", _("Командный модуль")
    REFINEMENT = "refinement", _("Доработка и тестирование медиапроектов")
    FINAL = "final", _("Финал")


class Stage(models.Model):
    season = models.ForeignKey(
        Season, verbose_name=_("сезон"), on_delete=models.CASCADE, related_name="stages"
    )
    kind = models.CharField(_("этап"), max_length=32, choices=StageKind.choices)
    starts_at = models.DateTimeField(_("начало"))
    ends_at = models.DateTimeField(_("окончание"))
    venue = models.CharField(_("место"), max_length=255, blank=True)
    venue_en = models.CharField(_("место по-английски"), max_length=255, blank=True)
    description = models.TextField(_("что происходит"), blank=True)
    # Moves on every save, so pages keyed by the season's stages show an edit at once.
    updated_at = models.DateTimeField(_("изменён"), auto_now=True)

    class Meta:
        verbose_name = _("этап сезона")
        verbose_name_plural = _("этапы сезона")
        ordering = ["season", "starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["season", "kind"], name="tracks_stage_once_per_season"),
            models.CheckConstraint(
                condition=Q(ends_at__gte=F("starts_at")), name="tracks_stage_ends_after_start"
            ),
        ]

    venue_i18n = Localized("venue")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.season})"

    def phase(self, at) -> str:
        """"future" before the stage starts, "current" while it runs (both ends
        included), "past" after it ends."""
        if at < self.starts_at:
            return "future"
        return "current" if at <= self.ends_at else "past"

    def is_open(self, at=None) -> bool:
        return self.phase(at or timezone.now()) == "current"
