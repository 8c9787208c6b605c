from django.urls import path

from applications.review import views

app_name = "review"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("next/", views.next_application, name="next"),
    path("applications/<int:application_id>/", views.application, name="application"),
    path("invitation/<uidb64>/<token>/", views.InvitationAcceptView.as_view(), name="invitation"),
]
