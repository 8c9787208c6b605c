"""The API's version 1, assembled from each app's endpoints."""

from django.urls import path

from topblog.tracks import api as tracks_api

urlpatterns = [
    path("season/", tracks_api.CurrentSeasonView.as_view(), name="season-current"),
    path("directions/", tracks_api.DirectionListView.as_view(), name="direction-list"),
    path("regions/", tracks_api.RegionListView.as_view(), name="region-list"),
]
