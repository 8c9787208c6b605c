"""The applicant's own application in the API. Input is parsed here and checked field
by field with ``validators`` (the same checks as the form); whole-application rules stay
in the services, whose errors the views return. Nothing here repeats a rule."""

import dataclasses

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from applications import rules, validators
from applications.drafts import ApplicationDraft, IdeaDraft, SocialAccountDraft
from applications.models import ApplicantRole, Application, Platform, PortfolioFile, StatusChange
from applications.personal_data import changed_by_label


class SocialAccountSerializer(serializers.Serializer):
    """A social account as stored."""

    platform = serializers.ChoiceField(choices=Platform.choices)
    url = serializers.CharField(max_length=500)
    followers = serializers.IntegerField(default=0, validators=[validators.followers_validate])


class IdeaSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=rules.IDEA_TITLE_MAX_LENGTH, allow_blank=True)
    description = serializers.CharField(max_length=rules.IDEA_DESCRIPTION_MAX_LENGTH, allow_blank=True)


# A row of a draft may be half filled, as on the form, and a PATCH's rows replace the
# stored ones whole: each row is read field by field here with its own defaults, never
# left to the request's partial mode, which would drop what a row does not name.
class SocialAccountDraftSerializer(serializers.Serializer):
    platform = serializers.ChoiceField(
        choices=Platform.choices, required=False, help_text=_("Не указана — определяется по ссылке.")
    )
    url = serializers.CharField(max_length=500, required=False, allow_blank=True)
    followers = serializers.IntegerField(required=False, validators=[validators.followers_validate])

    def validate(self, attrs):
        url = attrs.get("url", "").strip()
        platform = attrs.get("platform") or (rules.platform_detect(url) if url else "")
        if not platform:
            raise serializers.ValidationError(_("Укажите площадку или ссылку на аккаунт."))
        if url:
            validators.social_url_validate(url, platform)
        return {"platform": platform, "url": url, "followers": attrs.get("followers") or 0}


class IdeaDraftSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=rules.IDEA_TITLE_MAX_LENGTH, allow_blank=True, required=False)
    description = serializers.CharField(
        max_length=rules.IDEA_DESCRIPTION_MAX_LENGTH, allow_blank=True, required=False
    )

    def validate(self, attrs):
        return {"title": attrs.get("title", ""), "description": attrs.get("description", "")}


class PortfolioFileSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(
        help_text=_("Скачать файл: GET по этому адресу с вашей сессией или токеном.")
    )

    class Meta:
        model = PortfolioFile
        fields = ["id", "kind", "original_name", "content_type", "size", "uploaded_at", "url"]
        read_only_fields = fields

    def get_url(self, obj: PortfolioFile) -> str:
        # The API's own address, which a client holding only a token can open.
        path = reverse("api:my-application-file", args=[obj.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class ApplicationDraftSerializer(serializers.Serializer):
    """The editable fields, named as the application shows them (region, ministry and
    directions by code, directions in rank order), plus the version the client edited."""

    version = serializers.IntegerField(
        min_value=0,
        max_value=rules.MAX_VERSION,
        help_text=_("Версия заявки, которую вы редактировали; устаревшая — ответ 409."),
    )
    role = serializers.ChoiceField(choices=ApplicantRole.choices, allow_blank=True, required=False)
    last_name = serializers.CharField(
        max_length=128, allow_blank=True, required=False, validators=[validators.name_validate]
    )
    first_name = serializers.CharField(
        max_length=128, allow_blank=True, required=False, validators=[validators.name_validate]
    )
    patronymic = serializers.CharField(
        max_length=128, allow_blank=True, required=False, validators=[validators.name_validate]
    )
    birth_date = serializers.DateField(
        allow_null=True, required=False, validators=[validators.birth_date_validate]
    )
    region = serializers.CharField(
        max_length=2, allow_blank=True, required=False, help_text=_("Код региона ФНС, см. /api/v1/regions/.")
    )
    city = serializers.CharField(
        max_length=128, allow_blank=True, required=False, validators=[validators.name_validate]
    )
    phone = serializers.CharField(max_length=32, allow_blank=True, required=False)
    rkn_number = serializers.CharField(max_length=32, allow_blank=True, required=False)
    ministry_direction = serializers.CharField(
        max_length=32, allow_blank=True, required=False, help_text=_("Код направления министерства.")
    )
    department = serializers.CharField(max_length=255, allow_blank=True, required=False)
    position = serializers.CharField(max_length=255, allow_blank=True, required=False)
    motivation = serializers.CharField(
        max_length=rules.MOTIVATION_MAX_LENGTH, allow_blank=True, required=False
    )
    directions = serializers.ListField(
        child=serializers.CharField(max_length=32),
        required=False,
        help_text=_("Коды направлений по приоритету, см. /api/v1/directions/."),
    )
    social_accounts = SocialAccountDraftSerializer(many=True, required=False)
    content_links = serializers.ListField(
        child=serializers.CharField(max_length=500, validators=[validators.content_url_validate]),
        required=False,
    )
    ideas = IdeaDraftSerializer(many=True, required=False)

    def validate_phone(self, value: str) -> str:
        return validators.phone_validate(value) if value.strip() else ""

    def draft(self, base: ApplicationDraft | None = None) -> ApplicationDraft:
        """The draft to save: ``base`` (the stored one, for PATCH) with what was sent
        put over it, or only what was sent (PUT)."""
        data = dict(self.validated_data)
        data.pop("version", None)
        renamed = {
            "region": "region_code",
            "ministry_direction": "ministry_direction_code",
            "directions": "direction_codes",
        }
        changes = {renamed.get(name, name): value for name, value in data.items()}
        if "social_accounts" in changes:
            changes["social_accounts"] = [SocialAccountDraft(**row) for row in changes["social_accounts"]]
        if "ideas" in changes:
            changes["ideas"] = [IdeaDraft(**row) for row in changes["ideas"]]
        return dataclasses.replace(base or ApplicationDraft(), **changes)


class ApplicationSerializer(serializers.ModelSerializer):
    """The applicant's application as stored, with everything it holds."""

    status_display = serializers.CharField(source="get_status_display", read_only=True)
    email = serializers.EmailField(source="applicant.email", read_only=True)
    season = serializers.IntegerField(source="season.number", read_only=True)
    # Null until chosen (a draft), and a blogger names no ministry.
    region = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    ministry_direction = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    directions = serializers.SerializerMethodField()
    social_accounts = SocialAccountSerializer(many=True, read_only=True)
    content_links = serializers.SerializerMethodField()
    ideas = IdeaSerializer(many=True, read_only=True)
    files = PortfolioFileSerializer(many=True, read_only=True)

    class Meta:
        model = Application
        fields = [
            "id",
            "season",
            "status",
            "status_display",
            "version",
            "role",
            "last_name",
            "first_name",
            "patronymic",
            "birth_date",
            "region",
            "city",
            "phone",
            "email",
            "rkn_number",
            "ministry_direction",
            "department",
            "position",
            "motivation",
            "directions",
            "social_accounts",
            "content_links",
            "ideas",
            "files",
            "total_followers",
            "created_at",
            "updated_at",
            "submitted_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_directions(self, obj: Application) -> list[str]:
        return [c.direction.code for c in obj.direction_choices.all()]

    @extend_schema_field(serializers.ListField(child=serializers.URLField()))
    def get_content_links(self, obj: Application) -> list[str]:
        return [link.url for link in obj.content_links.all()]


class SubmitSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=0, max_value=rules.MAX_VERSION)
    processing_consent = serializers.BooleanField(
        help_text=_("Согласие на обработку персональных данных (152-ФЗ); без него заявку не подать.")
    )
    publication_consent = serializers.BooleanField(
        default=False, help_text=_("Необязательное согласие на публикацию ФИО, фото и ссылок на соцсети.")
    )


class WithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=rules.STATUS_REASON_MAX_LENGTH, allow_blank=True, default="")


class StatusChangeSerializer(serializers.ModelSerializer):
    changed_by = serializers.SerializerMethodField(
        help_text=_("Кто изменил: applicant — вы, organizer — организатор, system — система.")
    )

    class Meta:
        model = StatusChange
        fields = ["changed_at", "from_status", "to_status", "changed_by", "reason"]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=["applicant", "organizer", "system"]))
    def get_changed_by(self, obj: StatusChange) -> str:
        return changed_by_label(obj, self.context["applicant_id"])


class FileUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=_("JPEG, PNG, WebP или PDF; тип проверяется по содержимому."))
    kind = serializers.ChoiceField(choices=PortfolioFile.Kind.choices, default=PortfolioFile.Kind.WORK)


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField(required=False)
