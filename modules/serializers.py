"""The programme in the API: read-only shapes of sessions, assignments, certificates and
the finalist's standing."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from modules.models import Certificate, Finalist, Session, Submission
from modules.services.finalists import REASON_MAX_LENGTH
from modules.services.printing import certificate_verify_url


class SessionSerializer(serializers.ModelSerializer):
    stage = serializers.CharField(source="stage.kind")
    module = serializers.CharField(source="module.title", default=None)
    direction = serializers.CharField(source="direction.code", default=None)

    class Meta:
        model = Session
        fields = [
            "id",
            "stage",
            "module",
            "title",
            "description",
            "lecturer",
            "starts_at",
            "ends_at",
            "online_url",
            "room",
            "audience",
            "direction",
            "team_number",
            "is_public",
            "sequence",
        ]


class SubmissionSerializer(serializers.ModelSerializer):
    file_url = serializers.SerializerMethodField()

    class Meta:
        model = Submission
        fields = [
            "id",
            "link",
            "file_url",
            "original_name",
            "comment",
            "submitted_at",
            "score",
            "feedback",
            "graded_at",
        ]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_file_url(self, obj: Submission) -> str | None:
        return reverse("modules:submission_file", args=[obj.pk]) if obj.file else None


class AssignmentStateSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="assignment.pk")
    module = serializers.CharField(source="assignment.module.title")
    title = serializers.CharField(source="assignment.title")
    description = serializers.CharField(source="assignment.description")
    deadline = serializers.DateTimeField(source="assignment.deadline")
    max_score = serializers.IntegerField(source="assignment.max_score")
    passed = serializers.BooleanField()
    submission = SubmissionSerializer(allow_null=True)


class CertificateSerializer(serializers.ModelSerializer):
    pdf_url = serializers.SerializerMethodField()
    verify_url = serializers.SerializerMethodField()
    is_valid = serializers.BooleanField()

    class Meta:
        model = Certificate
        fields = [
            "number",
            "last_name",
            "first_name",
            "patronymic",
            "programme_name",
            "hours",
            "starts_on",
            "ends_on",
            "issuer_name",
            "issued_at",
            "is_valid",
            "revoked_at",
            "pdf_url",
            "verify_url",
        ]

    def get_pdf_url(self, obj: Certificate) -> str:
        return reverse("modules:certificate_download")

    def get_verify_url(self, obj: Certificate) -> str:
        return certificate_verify_url(obj)


class FinalistSerializer(serializers.ModelSerializer):
    direction = serializers.CharField(source="direction.code")

    class Meta:
        model = Finalist
        fields = [
            "status",
            "role",
            "direction",
            "confirm_by",
            "waiting_position",
            "skills",
            "accommodation_needed",
        ]


class DeclineSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=REASON_MAX_LENGTH)
