"""The applicant's pages: the application form (save a draft, submit) and the checked
download of an application's private files."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from applications import drafts, rules, selectors, services, validators
from applications.downloads import portfolio_file_response
from applications.editor import ApplicationEditor
from applications.form_sections import section_states
from applications.models import ApplicationStatus, PortfolioFile
from topblog.accounts.models import ConsentDocument
from topblog.accounts.selectors import consent_document_current
from topblog.client_address import client_ip, client_user_agent
from topblog.tracks.selectors import application_window, direction_list, region_list, season_current


def _notice(request: HttpRequest, *, title: str, text: str, status: int = 200, cabinet: bool = False):
    return render(
        request, "applications/notice.html", {"title": title, "text": text, "cabinet": cabinet}, status=status
    )


class _Page:
    """What the form page needs besides the forms, read once per request."""

    def __init__(self, request: HttpRequest, season):
        self.request = request
        self.season = season
        self.directions = list(direction_list())
        self.regions = list(region_list())
        self.window = application_window(season=season)
        self.window_phase = self.window.phase(timezone.now()) if self.window else None
        self.processing_document = consent_document_current(kind=ConsentDocument.Kind.PROCESSING)

    def editor(self, application, data=None, files=None) -> ApplicationEditor:
        editor = ApplicationEditor(
            application=application, directions=self.directions, regions=self.regions, data=data, files=files
        )
        fields = editor.main.fields
        fields["birth_date"].help_text = _(
            "Подать заявку можно с %(min)s лет; до %(adult)s лет нужно согласие родителя."
        ) % {"min": self.season.min_applicant_age, "adult": self.season.adult_age}
        editor.files.fields["parent_consent"].help_text = _(
            "Скан или фото согласия, подписанного родителем. Без него заявителю младше %(adult)s лет "
            "подать заявку нельзя."
        ) % {"adult": self.season.adult_age}
        if self.processing_document is not None:
            fields["processing_consent"].help_text = format_html(
                '{} <a href="{}" target="_blank" rel="noopener">{}</a> {}',
                _("Обязательно для подачи заявки."),
                reverse("accounts:consent_document", kwargs={"kind": ConsentDocument.Kind.PROCESSING}),
                _("Текст согласия, версия %(version)s") % {"version": self.processing_document.version},
                _("(откроется в новой вкладке)"),
            )
        return editor

    def sections(self, editor: ApplicationEditor, application) -> dict:
        """The state each folded section shows: errors on this page, and what the saved
        application still lacks for submission."""
        if application is not None:
            snapshot = drafts.snapshot_of(application, today=timezone.localdate())
        else:
            snapshot = rules.ApplicationSnapshot(
                today=timezone.localdate(),
                min_applicant_age=self.season.min_applicant_age,
                adult_age=self.season.adult_age,
            )
        return section_states(
            role=editor.main["role"].value() or "",
            problems=[problem.field for problem in rules.submission_problems(snapshot)],
            errors=editor.error_fields(),
            consent_ticked=bool(editor.main["processing_consent"].value()),
        )

    def render(self, editor: ApplicationEditor, application, *, status: int = 200, **extra) -> HttpResponse:
        context = {
            "editor": editor,
            "form": editor.main,
            "application": application,
            "season": self.season,
            "window": self.window,
            "window_phase": self.window_phase,
            "errors": editor.error_summary(),
            "sections": self.sections(editor, application),
            "max_work_files": rules.MAX_WORK_FILES,
            "max_upload_bytes": settings.APPLICATION_UPLOAD_MAX_BYTES,
            **extra,
        }
        return render(self.request, "applications/form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def application_form(request: HttpRequest) -> HttpResponse:
    """The application: one page with every section; "save draft" keeps whatever is
    typed (each filled field must be valid), "submit" saves and then submits."""
    if not selectors.user_may_apply(request.user):
        return _notice(request, title=_("Заявка недоступна"), text=validators.APPLICANTS_ONLY, status=403)
    season = season_current()
    if season is None:
        return _notice(
            request,
            title=_("Приём заявок не идёт"),
            text=_("Сейчас нет открытого сезона. Следите за новостями проекта."),
        )
    application = selectors.application_of(user=request.user, season=season)
    if application is not None and application.status != ApplicationStatus.DRAFT:
        if request.method == "POST":
            messages.error(request, validators.submission_refusal(application.status))
            return redirect("applications:form")
        return _notice(
            request,
            title=_("Ваша заявка"),
            text=_("Статус заявки: «%(status)s». Изменить её уже нельзя; следите за ней в личном кабинете.")
            % {"status": application.get_status_display()},
            cabinet=True,
        )
    page = _Page(request, season)
    if request.method == "GET":
        return page.render(page.editor(application), application)
    return _form_post(request, page, application)


def _form_post(request: HttpRequest, page: _Page, application) -> HttpResponse:
    """Save what the page sent: the draft and the removed files together when every
    field is valid; each chosen file that passes its checks whatever else happens (a
    browser cannot give a file back, so a refusal must not cost it); then, if asked
    and nothing was refused, submit."""
    editor = page.editor(application, data=request.POST, files=request.FILES)
    submitting = request.POST.get("action") == "submit"
    saved, stale, refusal = None, None, None
    if editor.is_valid():
        # A page rendered before the application existed carries version 0: it expects the
        # fresh draft (version 1) and is stale if anything was saved since.
        expected_version = editor.version or 1
        try:
            if application is None:
                application = services.application_start(season=page.season, applicant=request.user)
            saved = services.application_form_save(
                application_id=application.pk,
                expected_version=expected_version,
                data=editor.draft(),
                by=request.user,
                remove_file_ids=editor.remove_file_ids(),
            )
        except services.StaleApplicationError as error:
            stale = error.messages[0]
        except ValidationError as error:
            if getattr(error, "code", None) == "not_draft":
                messages.error(request, error.messages[0])
                return redirect("applications:form")
            refusal = error
    refused = editor.refused_uploads()
    stored = []
    if editor.uploads():
        if application is None:
            application = services.application_start(season=page.season, applicant=request.user)
        stored, refused_here = services.portfolio_files_add(
            application_id=application.pk, uploads=editor.uploads(), by=request.user
        )
        refused += refused_here
    if saved is None:
        # Nothing but the files is saved: the fields as typed, with what is wrong.
        return _shown_again(
            request, page, refusal=refusal, refused=refused, stored=stored, stale=stale,
            status=409 if stale else 200,
        )
    if refused:
        return _shown_again(request, page, saved=saved, refused=refused, saved_but_files=True)
    if not submitting:
        messages.success(request, _("Черновик сохранён. Вернуться к заявке можно в любой момент."))
        return redirect("applications:form")
    return _submit(request, page, saved, editor)


def _shown_again(
    request: HttpRequest,
    page: _Page,
    *,
    saved=None,
    refusal: ValidationError | None = None,
    refused=(),
    status: int = 200,
    **extra,
) -> HttpResponse:
    """The page once more, after a post that was not everything it should be: the
    fields as typed and the files as stored now. When ``saved``, the draft is (the page
    is at its new version, with no file left to remove); otherwise the fields show their
    errors again, with the service's ``refusal``. Refused files are named among the files."""
    application = selectors.application_of(user=request.user, season=page.season)
    data = request.POST.copy()
    if saved is not None:
        data["version"] = str(saved.version)
        data.setlist("files-remove_files", [])
    shown = page.editor(application, data=data)
    shown.is_valid()
    if refusal is not None:
        shown.add_errors(refusal)
    for message in refused:
        shown.add_error("files", message)
    return page.render(shown, application, status=status, **extra)


def _submit(request: HttpRequest, page: _Page, saved, editor: ApplicationEditor) -> HttpResponse:
    """Submit what this same request just saved (``saved``, at its new version)."""
    try:
        services.application_submit(
            application_id=saved.pk,
            expected_version=saved.version,
            by=request.user,
            ip_address=client_ip(request),
            user_agent=client_user_agent(request),
            processing_consent=editor.main.cleaned_data["processing_consent"],
            publication_consent=editor.main.cleaned_data["publication_consent"],
        )
    except ValidationError as refused:
        if getattr(refused, "code", None) in ("already_submitted", "stale"):
            messages.error(request, refused.messages[0])
            return redirect("applications:form")
        # The draft is saved; the page shows it as saved (new version, files), with the
        # reasons it cannot be submitted yet next to their fields.
        return _shown_again(request, page, saved=saved, refusal=refused, saved_not_submitted=True)
    messages.success(request, _("Заявка подана! Следите за её статусом в личном кабинете."))
    return redirect("cabinet:home")


@require_GET
def portfolio_file(request: HttpRequest, file_id: int) -> HttpResponse:
    """A private file of an application, as an attachment under its original name, to
    the owner, organizers and the experts assigned to it (a blind expert gets a neutral
    name); 404 to anyone else."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    try:
        portfolio = selectors.portfolio_file_for_viewer(file_id=file_id, user=request.user)
        name = selectors.portfolio_file_download_name(portfolio=portfolio, user=request.user)
        return portfolio_file_response(portfolio, name=name)
    except (PortfolioFile.DoesNotExist, FileNotFoundError) as missing:
        raise Http404 from missing
