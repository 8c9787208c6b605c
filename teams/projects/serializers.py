"""The workspace in the API: read-only shapes of projects with their links, figures per
checkpoint and reports."""

from rest_framework import serializers

from teams.projects.models import Checkpoint, CheckpointReport, MediaProject, ProjectLink, ReachFigure


class CheckpointSerializer(serializers.ModelSerializer):
    class Meta:
        model = Checkpoint
        fields = ["id", "number", "title", "due_at"]


class FigureSerializer(serializers.ModelSerializer):
    checkpoint = serializers.IntegerField(source="checkpoint.number")

    class Meta:
        model = ReachFigure
        fields = ["checkpoint", "views", "reactions", "comments", "shares", "source"]


class LinkSerializer(serializers.ModelSerializer):
    figures = FigureSerializer(many=True)

    class Meta:
        model = ProjectLink
        fields = ["id", "url", "platform", "title", "added_at", "figures"]


class ReportSerializer(serializers.ModelSerializer):
    checkpoint = serializers.IntegerField(source="checkpoint.number")

    class Meta:
        model = CheckpointReport
        fields = ["checkpoint", "note", "submitted_at", "is_late"]


class ProjectSerializer(serializers.ModelSerializer):
    team = serializers.IntegerField(source="team.pk")
    team_number = serializers.IntegerField(source="team.number")
    direction = serializers.CharField(source="team.direction.code")
    platforms = serializers.ListField(child=serializers.CharField())
    links = LinkSerializer(many=True)
    reports = ReportSerializer(many=True)

    class Meta:
        model = MediaProject
        fields = [
            "id",
            "team",
            "team_number",
            "direction",
            "title",
            "goal",
            "format",
            "platforms",
            "audience",
            "status",
            "version",
            "updated_at",
            "links",
            "reports",
        ]
