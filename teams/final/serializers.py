from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from teams.final.models import Presentation, PresentationVersion


class PresentationVersionSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="Адрес PDF; открывается только тем, кому он виден.")

    class Meta:
        model = PresentationVersion
        fields = ["id", "number", "original_name", "size", "sha256", "uploaded_at", "url"]

    @extend_schema_field(serializers.CharField())
    def get_url(self, version: PresentationVersion) -> str:
        return reverse("final:presentation_file", args=[version.pk])


class SlotSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    room = serializers.CharField()


class PresentationSerializer(serializers.ModelSerializer):
    team_number = serializers.IntegerField(source="team.number")
    direction = serializers.CharField(source="team.direction.code")
    direction_name = serializers.CharField(source="team.direction.name_i18n")
    shown_version = PresentationVersionSerializer(allow_null=True)
    slot = serializers.SerializerMethodField()

    class Meta:
        model = Presentation
        fields = [
            "id",
            "team_number",
            "direction",
            "direction_name",
            "video_url",
            "locked_at",
            "shown_version",
            "slot",
        ]

    @extend_schema_field(SlotSerializer(allow_null=True))
    def get_slot(self, presentation: Presentation) -> dict | None:
        slot = getattr(presentation.team, "presentation_slot", None)
        if slot is None:
            return None
        session = slot.session
        return SlotSerializer(
            {"starts_at": session.starts_at, "ends_at": session.ends_at, "room": session.room}
        ).data


class PresentationDetailSerializer(PresentationSerializer):
    versions = PresentationVersionSerializer(many=True, source="versions.all")

    class Meta(PresentationSerializer.Meta):
        fields = [*PresentationSerializer.Meta.fields, "versions"]
