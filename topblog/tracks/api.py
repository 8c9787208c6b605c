"""Public, read-only reference data: the current season, the directions, the regions."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.permissions import AllowAny

from topblog.tracks import selectors
from topblog.tracks.serializers import DirectionSerializer, RegionSerializer, SeasonSerializer


@extend_schema(tags=["season"], summary="Текущий сезон с квотами и этапами")
class CurrentSeasonView(generics.RetrieveAPIView):
    permission_classes = [AllowAny]
    serializer_class = SeasonSerializer

    def get_object(self):
        season = selectors.season_current()
        if season is None:
            raise Http404
        return season


@extend_schema(tags=["season"], summary="Пять направлений трека и их министерства")
class DirectionListView(generics.ListAPIView):
    permission_classes = [AllowAny]
    serializer_class = DirectionSerializer
    # Five rows: one page is the whole list.
    pagination_class = None

    def get_queryset(self):
        return selectors.direction_list()


@extend_schema(tags=["season"], summary="Субъекты Российской Федерации с кодами ФНС")
class RegionListView(generics.ListAPIView):
    permission_classes = [AllowAny]
    serializer_class = RegionSerializer
    # Eighty-nine rows that forms load whole for a select list.
    pagination_class = None

    def get_queryset(self):
        return selectors.region_list()
