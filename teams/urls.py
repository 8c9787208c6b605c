from django.urls import path

from teams import views

app_name = "teams"

urlpatterns = [
    path("", views.team_list, name="team_list"),
    path("preferences/", views.preferences, name="preferences"),
    path("<int:team_id>/", views.team, name="team"),
]
