"""The final's presentations in the API: those the requester may see (the team, its
direction's curators, leadership, organizers, the jury), with the agenda slot of each
and every version. Anyone else gets an empty list or 404."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import generics

from teams.final.models import PresentationVersion
from teams.final.selectors.presentations import presentations_visible_to
from teams.final.serializers import PresentationDetailSerializer, PresentationSerializer
from topblog.tracks.selectors import season_current

TAGS = ["final"]


class _Visible:
    def get_queryset(self):
        season = season_current()
        if season is None:
            return presentations_visible_to(user=self.request.user, season_id=0).none()
        return presentations_visible_to(user=self.request.user, season_id=season.pk).select_related(
            "team__presentation_slot__session"
        )


@extend_schema(tags=TAGS, summary="Финальные презентации, которые мне видны")
class PresentationListView(_Visible, generics.ListAPIView):
    serializer_class = PresentationSerializer


@extend_schema(tags=TAGS, summary="Финальная презентация со всеми версиями")
class PresentationDetailView(_Visible, generics.RetrieveAPIView):
    serializer_class = PresentationDetailSerializer

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .prefetch_related(Prefetch("versions", queryset=PresentationVersion.objects.order_by("-number")))
        )
