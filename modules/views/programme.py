"""A trainee's programme: modules, sessions attended, assignments handed in and graded,
their progress toward the certificate, and the data the register needs."""

from axes.helpers import get_client_ip_address
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from applications.downloads import private_file_response
from modules.completion import completion
from modules.forms import EducationRecordForm, SubmissionForm
from modules.models import Assignment, ProgrammeSettings, Submission
from modules.selectors.certificates import certificate_of, education_record_of
from modules.selectors.programme import (
    assignments_of,
    attendance_of,
    completion_rule,
    programme_modules,
    progress_of,
    submission_for_viewer,
)
from modules.selectors.schedule import sessions_of
from modules.services.certificates import education_record_save
from modules.services.submissions import submission_submit
from modules.views.common import Trainee, trainee_page
from topblog.accounts.models import ConsentDocument
from topblog.accounts.selectors import consent_document_current


@require_GET
@trainee_page
def my_programme(request: HttpRequest, trainee: Trainee) -> HttpResponse:
    season, member = trainee.season, trainee.member
    now = timezone.now()
    programme = ProgrammeSettings.for_season(season)
    modules = programme_modules(season_id=season.pk)
    rule = completion_rule(programme)
    assignments = [a for m in modules for a in m.assignments.all()]
    states = {
        s.assignment.pk: s
        for s in assignments_of(application_id=member.application_id, assignments=assignments, rule=rule)
    }
    marks = attendance_of(application_id=member.application_id, season_id=season.pk)
    sessions = [s for s in sessions_of(member=member, season_id=season.pk) if s.module_id]
    progress = progress_of(season_id=season.pk, members=[member], now=now)[member.application_id]
    return render(
        request,
        "modules/my_programme.html",
        {
            "programme": programme,
            "hours": sum(m.hours for m in modules),
            "modules": [
                (
                    module,
                    [(s, marks.get(s.pk)) for s in sessions if s.module_id == module.pk],
                    [states[a.pk] for a in module.assignments.all()],
                )
                for module in modules
            ],
            "now": now,
            "progress": progress,
            "result": completion(progress, rule),
            "certificate": certificate_of(application_id=member.application_id),
            "record": education_record_of(application_id=member.application_id),
        },
    )


@require_http_methods(["GET", "POST"])
@trainee_page
def assignment(request: HttpRequest, trainee: Trainee, assignment_id: int) -> HttpResponse:
    task = get_object_or_404(
        Assignment.objects.select_related("module"), pk=assignment_id, module__season=trainee.season
    )
    submission = Submission.objects.filter(assignment=task, application=trainee.application).first()
    open_for_hand_in = timezone.now() <= task.deadline and not (submission and submission.is_graded)
    form = SubmissionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and open_for_hand_in and form.is_valid():
        try:
            submission_submit(
                assignment_id=task.pk,
                application_id=trainee.application.pk,
                link=form.cleaned_data["link"],
                upload=form.cleaned_data["file"],
                comment=form.cleaned_data["comment"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Работа сдана. Её можно заменить до окончания срока сдачи."))
            return redirect("modules:assignment", assignment_id=task.pk)
    return render(
        request,
        "modules/assignment.html",
        {
            "assignment": task,
            "submission": submission,
            "open_for_hand_in": open_for_hand_in,
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_GET
def submission_file(request: HttpRequest, submission_id: int) -> HttpResponse:
    """A submission's private file, to the trainee who handed it in, experts and
    organizers; 404 to anyone else."""
    if not request.user.is_authenticated:
        raise Http404
    try:
        submission = submission_for_viewer(submission_id=submission_id, user=request.user)
        if not submission.file:
            raise Http404
        handle = submission.file.storage.open(submission.file.name, "rb")
    except (Submission.DoesNotExist, FileNotFoundError) as missing:
        raise Http404 from missing
    return private_file_response(
        handle, filename=submission.original_name, content_type=submission.content_type
    )


@require_http_methods(["GET", "POST"])
@trainee_page
def education_record(request: HttpRequest, trainee: Trainee) -> HttpResponse:
    """The data ФИС ФРДО needs beyond the application, with its own consent."""
    record = education_record_of(application_id=trainee.application.pk)
    form = EducationRecordForm(request.POST or None, instance=record)
    if request.method == "POST" and form.is_valid():
        try:
            education_record_save(
                application_id=trainee.application.pk,
                data=form.cleaned_data,
                by=request.user,
                ip_address=get_client_ip_address(request),
                user_agent=request.headers.get("user-agent", ""),
            )
        except ValidationError as error:
            form.add_error(None, error)
        except PermissionDenied as refused:
            raise Http404 from refused
        else:
            messages.success(request, _("Сведения для реестра сохранены."))
            return redirect("modules:my_programme")
    return render(
        request,
        "modules/education_record.html",
        {
            "form": form,
            "record": record,
            "document": consent_document_current(kind=ConsentDocument.Kind.EDUCATION_RECORDS),
        },
        status=400 if request.method == "POST" else 200,
    )
