"""Rows of generated applicants, written in bulk: their accounts, applications with
everything they hold, portfolio files and consents. The demo season and the demo
applicant logins both write through here."""

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce

from applications.models import (
    Application,
    ApplicationDirection,
    ContentLink,
    MediaProjectIdea,
    PortfolioFile,
    SocialAccount,
    StatusChange,
)
from topblog.accounts.models import Consent, ConsentDocument, Role, User
from topblog.accounts.selectors import consent_document_current
from topblog.demo import files, plans
from topblog.tracks.models import Season

# Rows per INSERT: small enough for any backend's parameter limit, large enough to be fast.
BATCH = 1000


def applicants_insert(plans: list[plans.ApplicantPlan]) -> list[User]:
    """The generated applicants' accounts, confirmed when they signed up, in the applicant group."""
    # One unusable hash for everyone: generated applicants never log in, and hashing
    # thousands of passwords would take minutes.
    password = make_password(None)
    users = User.objects.bulk_create(
        (
            User(email=p.email, password=password, is_active=True, date_joined=p.created_at,
                 email_confirmed_at=p.created_at)
            for p in plans
        ),
        batch_size=BATCH,
    )
    group = Group.objects.get(name=Role.APPLICANT)
    Membership = User.groups.through
    Membership.objects.bulk_create(
        (Membership(user_id=u.pk, group_id=group.pk) for u in users), batch_size=BATCH
    )
    return users


def applications_insert(
    *,
    season: Season,
    plans: list[plans.ApplicantPlan],
    users: list[User],
    region_ids: dict[str, int],
    direction_ids: dict[str, int],
) -> list[Application]:
    """One application per (user, plan), with its directions, social accounts, ideas and
    status history, dated as the plan says."""
    rows = Application.objects.bulk_create(
        (
            Application(
                season=season, applicant_id=u.pk, role=p.role, status=p.status,
                last_name=p.last_name, first_name=p.first_name, patronymic=p.patronymic,
                birth_date=p.birth_date, region_id=region_ids.get(p.region_code), city=p.city,
                phone=p.phone, rkn_number=p.rkn_number,
                ministry_direction_id=direction_ids.get(p.ministry_direction or ""),
                department=p.department, position=p.position, motivation=p.motivation,
                total_followers=p.total_followers, submitted_at=p.submitted_at,
            )
            for u, p in zip(users, plans, strict=True)
        ),
        batch_size=BATCH,
    )
    pairs = list(zip(rows, users, plans, strict=True))
    ApplicationDirection.objects.bulk_create(
        (
            ApplicationDirection(application_id=a.pk, direction_id=direction_ids[code], rank=rank)
            for a, _u, p in pairs
            for rank, code in enumerate(p.directions, start=1)
        ),
        batch_size=BATCH,
    )
    SocialAccount.objects.bulk_create(
        (
            SocialAccount(application_id=a.pk, platform=s.platform, url=s.url, followers=s.followers)
            for a, _u, p in pairs
            for s in p.social_accounts
        ),
        batch_size=BATCH,
    )
    MediaProjectIdea.objects.bulk_create(
        (
            MediaProjectIdea(application_id=a.pk, title=i.title, description=i.description, position=n)
            for a, _u, p in pairs
            for n, i in enumerate(p.ideas, start=1)
        ),
        batch_size=BATCH,
    )
    StatusChange.objects.bulk_create(
        (
            # The applicant submits and withdraws; review and selection are the organizers'
            # bulk actions, which no single demo person did.
            StatusChange(application_id=a.pk, from_status=step.from_status, to_status=step.to_status,
                         changed_by_id=u.pk if step.by_applicant else None, changed_at=step.at)
            for a, u, p in pairs
            for step in p.history
        ),
        batch_size=BATCH,
    )
    # auto_now_add/auto_now stamped every row with this moment. One UPDATE puts back when
    # each person started (their sign-up, which bulk_create kept) and last changed the
    # application; a bulk_update of 8,500 rows would take most of the run.
    # Both sides read the row as it was, so a draft's updated_at takes the sign-up too.
    # These rows came one after another, so their ids span nothing else of the season.
    joined = Subquery(User.objects.filter(pk=OuterRef("applicant_id")).values("date_joined")[:1])
    last_change = StatusChange.objects.filter(application=OuterRef("pk")).order_by("-changed_at")
    if rows:
        Application.objects.filter(season=season, pk__gte=rows[0].pk, pk__lte=rows[-1].pk).update(
            created_at=joined, updated_at=Coalesce(Subquery(last_change.values("changed_at")[:1]), joined)
        )
    return rows


def _file_contents() -> dict[tuple[str, str], list[bytes]]:
    """A few variants per (kind, format), built once; every stored file is still its own copy."""
    colours = [
        ((255, 140, 0), (120, 40, 160)), ((0, 150, 220), (10, 40, 90)), ((230, 60, 80), (250, 200, 60)),
    ]
    work_pdf = [files.pdf_bytes(lines=["TopBLOG - Ministerstvo kontenta", "Portfolio (demo)", f"Case {n}"])
                for n in range(1, 4)]
    return {
        ("work", "png"): [files.png_bytes(width=320, height=180, top=a, bottom=b) for a, b in colours],
        ("work", "pdf"): work_pdf,
        ("parent_consent", "pdf"): [files.pdf_bytes(lines=["Parental consent (demo document)"])],
    }


def portfolios_insert(*, rows: list[Application], plans: list[plans.ApplicantPlan]) -> None:
    ContentLink.objects.bulk_create(
        (
            ContentLink(application_id=a.pk, url=url, position=n)
            for a, p in zip(rows, plans, strict=True)
            for n, url in enumerate(p.content_links, start=1)
        ),
        batch_size=BATCH,
    )
    contents = _file_contents()
    content_types = {"png": "image/png", "pdf": "application/pdf"}
    # The FileField saves each file through the default storage as the row is inserted,
    # under a random name (private_upload_path); the name given here is only kept as
    # the original name.
    stored = []
    for a, p in zip(rows, plans, strict=True):
        for n, f in enumerate(p.files):
            variants = contents[f.kind, f.format]
            data = variants[(a.pk + n) % len(variants)]
            stored.append(PortfolioFile(
                application_id=a.pk, kind=f.kind, file=ContentFile(data, name=f.original_name),
                original_name=f.original_name, content_type=content_types[f.format], size=len(data),
            ))
    PortfolioFile.objects.bulk_create(stored, batch_size=BATCH)


def consents_insert(*, rows: list[Application], plans: list[plans.ApplicantPlan]) -> int:
    """Consent to processing for everyone (registration records it), to publication for
    those who agreed on submitting; with the address and browser they used. Never dated
    before the text itself was published."""
    processing = consent_document_current(kind=ConsentDocument.Kind.PROCESSING)
    publication = consent_document_current(kind=ConsentDocument.Kind.PUBLICATION)

    def consents():
        for a, p in zip(rows, plans, strict=True):
            evidence = {
                "user_id": a.applicant_id, "ip_address": p.consent_ip, "user_agent": p.consent_user_agent,
            }
            if processing is not None:
                given_at = max(p.created_at, processing.published_at)
                yield Consent(document=processing, given_at=given_at, **evidence)
            if publication is not None and p.publication_consent:
                given_at = max(p.submitted_at, publication.published_at)
                yield Consent(document=publication, given_at=given_at, **evidence)

    return len(Consent.objects.bulk_create(consents(), batch_size=BATCH))
