"""The jury in the API: the published results (public, names only of members who
consent to publication; 404 before publication) and a juror's own scores (404 for
anyone without a seat in the current season's jury)."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from teams.final.jury import selectors
from teams.final.models import JuryScore
from topblog.tracks.selectors import season_current

TAGS = ["final: jury"]


class ResultRowSerializer(serializers.Serializer):
    project_id = serializers.IntegerField()
    title = serializers.CharField()
    team_number = serializers.IntegerField()
    direction = serializers.CharField()
    place = serializers.IntegerField()
    place_in_direction = serializers.IntegerField()
    tie = serializers.CharField(help_text="'' | 'raw' (decided by the raw mean) | 'shared' (place shared)")
    tie_in_direction = serializers.CharField()
    score = serializers.FloatField(help_text="The mean of the jurors' z-scores.")
    raw_percent = serializers.FloatField()
    jurors = serializers.IntegerField()
    members = serializers.ListField(child=serializers.CharField(), help_text="Only those who consent.")


class ResultsSerializer(serializers.Serializer):
    published_at = serializers.DateTimeField()
    overall = ResultRowSerializer(many=True)


class OwnScoreSerializer(serializers.ModelSerializer):
    project_title = serializers.CharField(source="project.title")
    criterion_name = serializers.CharField(source="criterion.name")

    class Meta:
        model = JuryScore
        fields = ["project", "project_title", "criterion", "criterion_name", "score", "comment", "scored_at"]


@extend_schema(tags=TAGS, summary="Опубликованные итоги финала", responses=ResultsSerializer)
class ResultsView(APIView):
    permission_classes = [AllowAny]

    def get(self, request):
        season = season_current()
        public = selectors.results_public(season_id=season.pk) if season else None
        if public is None:
            raise Http404
        overall = [{**shown.row, "members": shown.names} for shown in public.overall]
        return Response(
            ResultsSerializer({"published_at": public.published.published_at, "overall": overall}).data
        )


@extend_schema(tags=TAGS, summary="Мои оценки как члена жюри")
class MyScoresView(generics.ListAPIView):
    serializer_class = OwnScoreSerializer
    pagination_class = None

    def get_queryset(self):
        season = season_current()
        seat = selectors.juror_seat(user=self.request.user, season_id=season.pk) if season else None
        if seat is None:
            raise Http404
        return selectors.scores_given(juror=seat)
