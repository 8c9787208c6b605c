from rest_framework import serializers

from topblog.tracks.models import Direction, Region, Season, Stage


class DirectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Direction
        fields = [
            "code", "name", "name_en", "ministry", "ministry_short", "ministry_en", "ministry_short_en",
            "description",
        ]


class RegionSerializer(serializers.ModelSerializer):
    federal_district_name = serializers.CharField(source="get_federal_district_display", read_only=True)

    class Meta:
        model = Region
        fields = ["code", "name", "name_en", "federal_district", "federal_district_name"]


class StageSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Stage
        fields = ["kind", "name", "starts_at", "ends_at", "venue", "venue_en", "description"]


class SeasonSerializer(serializers.ModelSerializer):
    stages = StageSerializer(many=True, read_only=True)

    class Meta:
        model = Season
        fields = [
            "project",
            "track",
            "project_en",
            "track_en",
            "number",
            "bloggers_quota",
            "officials_quota",
            "finalists_quota",
            "team_size",
            "min_applicant_age",
            "stages",
        ]
