"""Assignments handed in by trainees and graded by experts or organizers."""

import logging
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications import validators as upload_checks
from applications.models import Application, ApplicationStatus
from modules.models import Assignment, Submission
from modules.selectors.programme import user_may_grade

logger = logging.getLogger(__name__)

FEEDBACK_MAX_LENGTH = Submission._meta.get_field("feedback").max_length
COMMENT_MAX_LENGTH = Submission._meta.get_field("comment").max_length


def submission_submit(
    *,
    assignment_id: int,
    application_id: int,
    link: str = "",
    upload: UploadedFile | None = None,
    comment: str = "",
    by,
) -> Submission:
    """Hand in an assignment, or replace what was handed in, until its deadline.

    Steps: exactly one of a link or a file; the file checked by its content and size as
    portfolio files are; lock the trainee's application; refuse anyone but the trainee
    of the assignment's season, a passed deadline, a graded submission; store the new
    answer (a replaced file is deleted after commit).
    """
    link, comment = (link or "").strip(), (comment or "").strip()
    if bool(link) == bool(upload):
        raise ValidationError(_("Приложите файл или укажите ссылку — что-то одно."), code="link_or_file")
    if link:
        upload_checks.content_url_validate(link)
    if len(comment) > COMMENT_MAX_LENGTH:
        raise ValidationError(_("Комментарий — не длиннее %(max)s знаков.") % {"max": COMMENT_MAX_LENGTH})
    content_type = upload_checks.upload_validate(upload) if upload else ""
    assignment = Assignment.objects.select_related("module").get(pk=assignment_id)
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application_id)
        if application.applicant_id != by.pk or application.status != ApplicationStatus.SELECTED:
            raise PermissionDenied(_("Сдать задание может только участник программы."))
        if application.season_id != assignment.module.season_id:
            raise PermissionDenied(_("Это задание другого сезона."))
        now = timezone.now()
        if now > assignment.deadline:
            raise ValidationError(_("Срок сдачи задания прошёл."), code="deadline_passed")
        submission = Submission.objects.filter(assignment=assignment, application=application).first()
        if submission is not None and submission.is_graded:
            raise ValidationError(_("Работа уже проверена, заменить её нельзя."), code="graded")
        if submission is None:
            submission = Submission(assignment=assignment, application=application)
        elif submission.file:
            storage, old_name = submission.file.storage, submission.file.name
            transaction.on_commit(lambda: storage.delete(old_name))
        submission.link, submission.comment, submission.submitted_at = link, comment, now
        if upload:
            submission.file = upload
            submission.original_name = Path(upload.name or "file").name[:255]
            submission.content_type, submission.size = content_type, upload.size
        else:
            submission.file, submission.original_name, submission.content_type, submission.size = (
                "",
                "",
                "",
                0,
            )
        submission.save()
    logger.info(
        "Submission %s for assignment %s by application %s", submission.pk, assignment.pk, application.pk
    )
    return submission


def submission_grade(*, submission_id: int, score: int, feedback: str, by) -> Submission:
    """Grade a submission: 0 to the assignment's maximum, with a comment. Experts and
    organizers grade; a grade may be corrected, and the last grader is recorded."""
    if not user_may_grade(by):
        raise PermissionDenied(_("Оценивать работы могут эксперты и организаторы."))
    feedback = (feedback or "").strip()
    if len(feedback) > FEEDBACK_MAX_LENGTH:
        raise ValidationError(
            {"feedback": _("Отзыв — не длиннее %(max)s знаков.") % {"max": FEEDBACK_MAX_LENGTH}}
        )
    with transaction.atomic():
        submission = Submission.objects.select_for_update().select_related("assignment").get(pk=submission_id)
        maximum = submission.assignment.max_score
        if score is None or not 0 <= score <= maximum:
            raise ValidationError(
                {"score": _("Оценка — от 0 до %(max)s.") % {"max": maximum}}, code="score_range"
            )
        submission.score, submission.feedback = score, feedback
        submission.graded_by, submission.graded_at = by, timezone.now()
        submission.save(update_fields=["score", "feedback", "graded_by", "graded_at", "updated_at"])
    logger.info("Submission %s graded %s by %s", submission.pk, score, by.pk)
    return submission
