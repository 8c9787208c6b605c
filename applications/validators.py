"""Django validators with Russian messages around ``rules``: the forms, the API and
the services all check input with these, so every message is written once."""

import warnings
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, UnidentifiedImageError

from applications import rules
from applications.models import Application, ApplicationStatus, Platform

# Formats a portfolio file may have, as Pillow names them, and their content types.
IMAGE_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
PDF_TYPE = "application/pdf"
ACCEPTED_TYPES = (*IMAGE_TYPES.values(), PDF_TYPE)
# A PDF ends with %%EOF, perhaps followed by a little whitespace or junk.
_PDF_TAIL_BYTES = 2048


def phone_validate(value: str) -> str:
    """The phone as +7XXXXXXXXXX; ValidationError when it is not a Russian number."""
    normalized = rules.phone_normalize(value)
    if normalized is None:
        raise ValidationError(
            _("Телефон указан неверно. Введите российский номер из 11 цифр, например +7 912 345-67-89."),
            code="phone_invalid",
        )
    return normalized


def _platform_label(platform: str) -> str:
    try:
        return str(Platform(platform).label)
    except ValueError:
        return platform


def social_url_validate(url: str, platform: str) -> None:
    """The link must be a page (not the front page) of the chosen platform."""
    if rules.url_matches_platform(url, platform):
        return
    domains = rules.PLATFORM_DOMAINS.get(platform)
    if not domains:
        raise ValidationError(_("Введите адрес страницы, начиная с https://."), code="url_invalid")
    raise ValidationError(
        _("Это не ссылка на аккаунт в «%(platform)s»: нужен адрес страницы на %(domains)s.")
        % {"platform": _platform_label(platform), "domains": _(" или ").join(domains)},
        code="url_platform",
    )


def followers_validate(value: int) -> None:
    if value is not None and value < 0:
        raise ValidationError(_("Число подписчиков не может быть отрицательным."), code="followers_negative")
    if value is not None and value > rules.MAX_FOLLOWERS:
        raise ValidationError(
            _("Проверьте число подписчиков: не больше %(max)s.")
            % {"max": intcomma_spaced(rules.MAX_FOLLOWERS)},
            code="followers_too_many",
        )


def intcomma_spaced(value: int) -> str:
    """1 000 000 000: thousands apart, as Russian writes them."""
    return f"{value:,}".replace(",", "\u00a0")


def name_validate(value: str) -> None:
    """A name of a person or a place, if given, has a letter: not only spaces, digits or
    invisible characters."""
    if value and not rules.has_letter(value):
        raise ValidationError(_("Имя или название должно содержать хотя бы одну букву."), code="no_letter")


def content_url_validate(url: str) -> None:
    """A link to content: a web page (http or https), nothing a browser would run."""
    URLValidator(schemes=["http", "https"], message=_("Введите адрес страницы, начиная с https://."))(url)


def birth_date_validate(value: date, *, today: date | None = None) -> None:
    today = today or timezone.localdate()
    if value > today:
        raise ValidationError(_("Дата рождения не может быть в будущем."), code="birth_date_future")
    if rules.age_on(value, today) > rules.MAX_AGE:
        raise ValidationError(_("Проверьте год рождения."), code="birth_date_invalid")


def _upload_refuse(name: str) -> ValidationError:
    return ValidationError(
        _("Файл «%(name)s» не подходит: загрузите изображение JPEG, PNG или WebP либо документ PDF.")
        % {"name": name},
        code="file_type",
    )


def _image_type(uploaded_file) -> str | None:
    """The content type of a complete JPEG, PNG or WebP image, else None. Pillow reads
    the content; the name and the browser's claimed type are never trusted."""
    try:
        with warnings.catch_warnings():
            # A decompression bomb is refused, not just warned about.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            uploaded_file.seek(0)
            with Image.open(uploaded_file, formats=list(IMAGE_TYPES)) as image:
                image_format = image.format
                image.verify()
            # verify() checks the structure; decoding catches a truncated image.
            uploaded_file.seek(0)
            with Image.open(uploaded_file, formats=list(IMAGE_TYPES)) as image:
                image.load()
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ):
        return None
    finally:
        uploaded_file.seek(0)
    return IMAGE_TYPES.get(image_format)


def _is_pdf(uploaded_file, size: int) -> bool:
    uploaded_file.seek(0)
    head = uploaded_file.read(5)
    if head != b"%PDF-":
        uploaded_file.seek(0)
        return False
    uploaded_file.seek(max(0, size - _PDF_TAIL_BYTES))
    tail = uploaded_file.read()
    uploaded_file.seek(0)
    return b"%%EOF" in tail


def _size_check(uploaded_file, *, limit: int) -> tuple[str, int]:
    """The file's name and size; ValidationError when it is empty or above ``limit`` bytes."""
    name = getattr(uploaded_file, "name", "") or _("без имени")
    size = uploaded_file.size
    if size > limit:
        raise ValidationError(
            _("Файл «%(name)s» слишком большой (%(size)s): можно не больше %(limit)s.")
            % {"name": name, "size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="file_too_big",
        )
    if size == 0:
        raise ValidationError(_("Файл «%(name)s» пустой.") % {"name": name}, code="file_empty")
    return name, size


def pdf_validate(uploaded_file, *, limit: int) -> None:
    """Checks a document that must be a PDF (the final's presentation): at most ``limit``
    bytes and a PDF by its content, whatever its name says."""
    name, size = _size_check(uploaded_file, limit=limit)
    if not _is_pdf(uploaded_file, size):
        raise ValidationError(
            _("Файл «%(name)s» не подходит: загрузите документ PDF.") % {"name": name}, code="file_type"
        )


def upload_validate(uploaded_file) -> str:
    """Checks a portfolio or consent file: at most APPLICATION_UPLOAD_MAX_BYTES, and by
    its content a JPEG, PNG or WebP image or a PDF. Returns the content type found."""
    name, size = _size_check(uploaded_file, limit=settings.APPLICATION_UPLOAD_MAX_BYTES)
    if _is_pdf(uploaded_file, size):
        return PDF_TYPE
    content_type = _image_type(uploaded_file)
    if content_type is None:
        raise _upload_refuse(name)
    return content_type


# The limits the messages below name.
LIMITS = {
    "links": rules.MAX_CONTENT_LINKS,
    "files": rules.MAX_WORK_FILES,
    "directions": rules.MAX_DIRECTIONS,
    "ideas": rules.MAX_IDEAS,
    "motivation": rules.MOTIVATION_MAX_LENGTH,
    "accounts": rules.MAX_SOCIAL_ACCOUNTS,
}

# What each problem of rules.submission_problems() means to the applicant.
PROBLEM_MESSAGES = {
    ("role", "required"): gettext_lazy(
        "Выберите, кем вы подаёте заявку: блогером или представителем министерства."
    ),
    ("last_name", "required"): gettext_lazy("Укажите фамилию."),
    ("first_name", "required"): gettext_lazy("Укажите имя."),
    ("city", "required"): gettext_lazy("Укажите населённый пункт."),
    ("birth_date", "required"): gettext_lazy("Укажите дату рождения."),
    ("birth_date", "future"): gettext_lazy("Дата рождения не может быть в будущем."),
    ("region", "required"): gettext_lazy("Выберите регион."),
    ("phone", "required"): gettext_lazy("Укажите телефон."),
    ("phone", "invalid"): gettext_lazy(
        "Телефон указан неверно. Введите российский номер из 11 цифр, например +7 912 345-67-89."
    ),
    ("social_accounts", "required"): gettext_lazy("Добавьте хотя бы один аккаунт в социальной сети."),
    ("social_accounts", "url_required"): gettext_lazy("Укажите ссылку для каждого аккаунта."),
    ("social_accounts", "url_platform"): gettext_lazy(
        "Ссылка на аккаунт должна вести на страницу выбранной площадки."
    ),
    ("social_accounts", "followers_negative"): gettext_lazy("Число подписчиков не может быть отрицательным."),
    ("social_accounts", "followers_too_many"): gettext_lazy(
        "Проверьте число подписчиков: оно слишком большое."
    ),
    ("content_links", "too_many"): gettext_lazy(
        "Можно указать не больше %(links)s ссылок на лучший контент."
    ),
    ("files", "too_many"): gettext_lazy("Можно загрузить не больше %(files)s файлов с работами."),
    ("ministry_direction", "required"): gettext_lazy("Выберите министерство."),
    ("department", "required"): gettext_lazy("Укажите департамент."),
    ("position", "required"): gettext_lazy("Укажите должность."),
    ("directions", "required"): gettext_lazy("Выберите хотя бы одно направление."),
    ("directions", "too_many"): gettext_lazy("Можно выбрать не больше %(directions)s направлений."),
    ("directions", "duplicate"): gettext_lazy("Каждое направление можно выбрать только один раз."),
    ("directions", "official_first"): gettext_lazy(
        "Первым направлением представителя министерства должно быть направление его министерства."
    ),
    ("ideas", "required"): gettext_lazy("Опишите хотя бы одну идею медиапроекта."),
    ("ideas", "too_many"): gettext_lazy("Можно предложить не больше %(ideas)s идей."),
    ("ideas", "incomplete"): gettext_lazy("У каждой идеи должны быть название и описание."),
    ("motivation", "required"): gettext_lazy("Расскажите о своей мотивации."),
    ("motivation", "too_long"): gettext_lazy("Мотивация слишком длинная: не больше %(motivation)s знаков."),
}


def problem_message(problem: rules.Problem, *, min_age: int, adult_age: int) -> str:
    """The applicant-facing Russian text of one submission problem."""
    if problem == rules.Problem("birth_date", "too_young"):
        return _("Подать заявку можно с %(age)s лет.") % {"age": min_age}
    if problem == rules.Problem("parent_consent", "required"):
        return _(
            "Заявителям младше %(age)s лет нужно загрузить согласие родителя или законного представителя."
        ) % {"age": adult_age}
    message = PROBLEM_MESSAGES.get((problem.field, problem.code))
    return str(message) % LIMITS if message else _("Проверьте это поле.")


def problems_error(problems: list[rules.Problem], *, min_age: int, adult_age: int) -> ValidationError:
    """One ValidationError keyed by field, each message with its problem's code."""
    errors: dict[str, list[ValidationError]] = {}
    for problem in problems:
        errors.setdefault(problem.field, []).append(
            ValidationError(problem_message(problem, min_age=min_age, adult_age=adult_age), code=problem.code)
        )
    return ValidationError(errors)


def _too_long(errors: dict, field: str, value: str, limit: int) -> None:
    if len(value) > limit:
        errors.setdefault(field, []).append(
            ValidationError(
                _("Слишком длинно: не больше %(limit)s знаков.") % {"limit": limit}, code="max_length"
            )
        )


# Fields that name a person or a place.
NAME_FIELDS = ("last_name", "first_name", "patronymic", "city")


def draft_validate(draft) -> None:
    """Checks what a draft has filled in (an ``drafts.ApplicationDraft``); what is empty
    is fine in a draft. Raises one ValidationError keyed by field. The forms and the API
    check the same fields field by field with the validators above; this is the
    services' own guard, so nothing invalid reaches the database by any road."""
    errors: dict[str, list[ValidationError]] = {}

    def check(field: str, validator, *args, **kwargs) -> None:
        try:
            validator(*args, **kwargs)
        except ValidationError as error:
            errors.setdefault(field, []).extend(error.error_list)

    if draft.role not in ("", *rules.ROLES):
        errors["role"] = [ValidationError(_("Выберите роль из списка."), code="invalid_choice")]
    for name in ("last_name", "first_name", "patronymic", "city", "rkn_number", "department", "position"):
        _too_long(errors, name, getattr(draft, name), Application._meta.get_field(name).max_length)
    for name in NAME_FIELDS:
        check(name, name_validate, getattr(draft, name))
    _too_long(errors, "motivation", draft.motivation, rules.MOTIVATION_MAX_LENGTH)
    if draft.phone:
        check("phone", phone_validate, draft.phone)
    if draft.birth_date:
        check("birth_date", birth_date_validate, draft.birth_date)
    if len(draft.social_accounts) > rules.MAX_SOCIAL_ACCOUNTS:
        errors["social_accounts"] = [
            ValidationError(_("Не больше %(accounts)s аккаунтов.") % LIMITS, code="too_many")
        ]
    for account in draft.social_accounts:
        if account.platform not in Platform.values:
            errors.setdefault("social_accounts", []).append(
                ValidationError(_("Выберите площадку из списка."), code="invalid_choice")
            )
        elif account.url:
            check("social_accounts", social_url_validate, account.url, account.platform)
        check("social_accounts", followers_validate, account.followers)
    if len(draft.content_links) > rules.MAX_CONTENT_LINKS:
        errors["content_links"] = [ValidationError(PROBLEM_MESSAGES["content_links", "too_many"] % LIMITS)]
    for url in draft.content_links:
        check("content_links", content_url_validate, url)
    if len(draft.ideas) > rules.MAX_IDEAS:
        errors["ideas"] = [ValidationError(PROBLEM_MESSAGES["ideas", "too_many"] % LIMITS, code="too_many")]
    for idea in draft.ideas:
        _too_long(errors, "ideas", idea.title, rules.IDEA_TITLE_MAX_LENGTH)
        _too_long(errors, "ideas", idea.description, rules.IDEA_DESCRIPTION_MAX_LENGTH)
    codes = draft.direction_codes
    if len(codes) > rules.MAX_DIRECTIONS:
        errors["directions"] = [
            ValidationError(PROBLEM_MESSAGES["directions", "too_many"] % LIMITS, code="too_many")
        ]
    elif len(set(codes)) != len(codes):
        errors["directions"] = [
            ValidationError(PROBLEM_MESSAGES["directions", "duplicate"], code="duplicate")
        ]
    if errors:
        raise ValidationError(errors)


# Said by the page, the API and the services alike, in the language of the request.
PROCESSING_CONSENT_REQUIRED = gettext_lazy(
    "Чтобы подать заявку, дайте согласие на обработку персональных данных."
)
APPLICANTS_ONLY = gettext_lazy(
    "Подать заявку может только участник, зарегистрированный как заявитель. "
    "У организаторов и экспертов своя часть портала."
)


def submission_refusal(status: str) -> str | None:
    """Why an application in ``status`` cannot be submitted (again); None for a draft."""
    if status == ApplicationStatus.WITHDRAWN:
        return _("Заявка отозвана, подать её снова нельзя.")
    if status != ApplicationStatus.DRAFT:
        return _("Заявка уже подана, повторно подать её нельзя.")
    return None
