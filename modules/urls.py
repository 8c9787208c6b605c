from django.urls import path

from modules.views import certificates, finalists, grading, programme, public, schedule

app_name = "modules"

urlpatterns = [
    path("schedule/", public.public_schedule, name="public_schedule"),
    path("certificates/<str:number>/<str:code>/", public.certificate_check, name="certificate_verify"),
    path("programme/", programme.my_programme, name="my_programme"),
    path("programme/schedule/", schedule.my_schedule, name="my_schedule"),
    path("programme/calendar/renew/", schedule.calendar_renew, name="calendar_renew"),
    path("programme/calendar/<str:token>.ics", schedule.calendar_feed, name="calendar_feed"),
    path("programme/assignments/<int:assignment_id>/", programme.assignment, name="assignment"),
    path(
        "programme/submissions/<int:submission_id>/file/", programme.submission_file, name="submission_file"
    ),
    path("programme/records/", programme.education_record, name="education_record"),
    path("programme/certificate/", certificates.certificate_download, name="certificate_download"),
    path(
        "programme/certificates/<int:certificate_id>/pdf/",
        certificates.certificate_file,
        name="certificate_file",
    ),
    path("programme/finalist/", finalists.finalist, name="finalist"),
    path("programme/finalist/confirm/", finalists.finalist_confirm, name="finalist_confirm"),
    path("programme/finalist/decline/", finalists.finalist_decline, name="finalist_decline"),
    path("programme/finalist/preferences/", finalists.finalist_preferences, name="finalist_preferences"),
    path("programme/grading/", grading.grading_queue, name="grading_queue"),
    path("programme/grading/<int:submission_id>/", grading.grading, name="grading"),
]
