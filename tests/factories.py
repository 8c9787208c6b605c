"""factory_boy factories shared by the whole suite."""

import io
from datetime import timedelta

import factory
from django.contrib.auth.models import Group
from django.utils import timezone
from PIL import Image

from applications.models import ApplicantRole, Application, ApplicationDirection, SocialAccount
from topblog.accounts.models import Role, User
from topblog.tracks.models import Direction, Region, Season, Stage, StageKind

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    is_active = True
    email_confirmed_at = factory.LazyFunction(timezone.now)
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*Group.objects.filter(name__in=[str(r) for r in extracted]))
            self.save()


def applicant(**kwargs) -> User:
    return UserFactory(roles=[Role.APPLICANT], **kwargs)


def organizer(**kwargs) -> User:
    return UserFactory(roles=[Role.ORGANIZER], is_staff=True, **kwargs)


def expert(**kwargs) -> User:
    return UserFactory(roles=[Role.EXPERT], **kwargs)


def ministry_curator(direction_code: str = "culture", **kwargs) -> User:
    return UserFactory(
        roles=[Role.MINISTRY_CURATOR],
        curated_direction=Direction.objects.get(code=direction_code),
        **kwargs,
    )


def ministry_leadership(**kwargs) -> User:
    return UserFactory(roles=[Role.MINISTRY_LEADERSHIP], **kwargs)


class SeasonFactory(factory.django.DjangoModelFactory):
    """A current season whose application window is open now."""

    class Meta:
        model = Season
        skip_postgeneration_save = True

    number = factory.Sequence(lambda n: 5 + n)
    is_current = True
    bloggers_quota = 600
    officials_quota = 100
    finalists_quota = 150
    team_size = 30

    @factory.post_generation
    def stages(self, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        now = timezone.now()
        start = now - timedelta(days=10)
        durations = {
            StageKind.APPLICATIONS: 40,
            StageKind.PORTFOLIO_REVIEW: 21,
            StageKind.SELECTION_RESULTS: 1,
            StageKind.EDUCATION: 42,
            StageKind.TEAM_MODULE: 7,
            StageKind.REFINEMENT: 90,
            StageKind.FINAL: 3,
        }
        for kind, days in durations.items():
            end = start + timedelta(days=days)
            Stage.objects.create(season=self, kind=kind, starts_at=start, ends_at=end)
            start = end


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    season = factory.LazyFunction(lambda: Season.objects.filter(is_current=True).first() or SeasonFactory())
    applicant = factory.LazyFunction(applicant)
    role = ApplicantRole.BLOGGER
    last_name = "Иванова"
    first_name = "Мария"
    birth_date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=365 * 25))
    region = factory.LazyFunction(lambda: Region.objects.get(code="77"))
    city = "Москва"
    phone = factory.Sequence(lambda n: f"+7916{n:07d}")


class SocialAccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SocialAccount

    application = factory.SubFactory(ApplicationFactory)
    platform = "telegram"
    url = factory.Sequence(lambda n: f"https://t.me/channel{n}")
    followers = 12000


def choose_directions(application: Application, *codes: str) -> None:
    for rank, code in enumerate(codes, start=1):
        ApplicationDirection.objects.create(
            application=application, direction=Direction.objects.get(code=code), rank=rank
        )


def superuser(**kwargs) -> User:
    return UserFactory(roles=[Role.ORGANIZER], is_staff=True, is_superuser=True, **kwargs)


class PortalNotificationFactory(factory.django.DjangoModelFactory):
    """A notification already delivered to a person's notification centre."""

    class Meta:
        model = "notifications.OutboxMessage"

    event = "results_published"
    channel = "portal"
    recipient = factory.SubFactory(UserFactory)
    idempotency_key = factory.Sequence(lambda n: f"results_published:factory-{n}:0")
    state = "sent"
    sent_at = factory.LazyFunction(timezone.now)
    subject = "Итоги опубликованы"
    body = "Итоги трека опубликованы: https://topblog.example.ru/results/"


# Parts of an application (added with the personal cabinet, issue 3).

SMALL_PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


class ContentLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "applications.ContentLink"

    application = factory.SubFactory(ApplicationFactory)
    url = factory.Sequence(lambda n: f"https://t.me/channel{n}/{n + 1}")
    position = 1


class MediaProjectIdeaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "applications.MediaProjectIdea"

    application = factory.SubFactory(ApplicationFactory)
    title = factory.Sequence(lambda n: f"Идея медиапроекта {n}")
    description = "Серия коротких видео о людях, которые меняют свой город."
    position = 1


class PortfolioFileFactory(factory.django.DjangoModelFactory):
    """A small valid PDF stored through the storage API under a random name."""

    class Meta:
        model = "applications.PortfolioFile"

    application = factory.SubFactory(ApplicationFactory)
    kind = "work"
    file = factory.django.FileField(data=SMALL_PDF, filename="portfolio.pdf")
    original_name = "portfolio.pdf"
    content_type = "application/pdf"
    size = len(SMALL_PDF)


class StatusChangeFactory(factory.django.DjangoModelFactory):
    """A history row as application_status_change writes it (draft → submitted by default)."""

    class Meta:
        model = "applications.StatusChange"

    application = factory.SubFactory(ApplicationFactory)
    from_status = "draft"
    to_status = "submitted"
    changed_by = None
    changed_at = factory.LazyFunction(timezone.now)
    reason = ""


# Intake (the application form, issue 3).


def image_bytes(image_format: str = "PNG", size: tuple[int, int] = (4, 4)) -> bytes:
    """A small valid image made by Pillow, in "PNG", "JPEG", "WEBP" or "GIF"."""
    buffer = io.BytesIO()
    Image.new("RGB", size, (31, 79, 184)).save(buffer, format=image_format)
    return buffer.getvalue()


class ReviewAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "applications.ReviewAssignment"

    application = factory.SubFactory(ApplicationFactory)
    expert = factory.LazyFunction(expert)


def ready_application(**kwargs) -> Application:
    """A blogger's draft with everything needed to submit it: the person, one social
    account, two directions, an idea and motivation."""
    application = ApplicationFactory(motivation="Хочу рассказывать о науке понятно.", **kwargs)
    SocialAccountFactory(application=application, followers=1500)
    choose_directions(application, "science", "culture")
    MediaProjectIdeaFactory(
        application=application, title="Наука рядом", description="Короткие ролики о лабораториях региона."
    )
    return application
