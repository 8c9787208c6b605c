"""Read-only shapes of a team for the API: what its page shows, no more. A member's
social links are given only with their consent to publication."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from teams.models import Membership, Team
from topblog.accounts.models import User


class CuratorSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="get_full_name")

    class Meta:
        model = User
        fields = ["name", "email"]


class SocialLinkSerializer(serializers.Serializer):
    platform = serializers.CharField()
    url = serializers.URLField()


class MemberSerializer(serializers.ModelSerializer):
    first_name = serializers.CharField(source="finalist.application.first_name")
    last_name = serializers.CharField(source="finalist.application.last_name")
    role = serializers.CharField(source="finalist.role")
    region = serializers.CharField(source="finalist.application.region.name_i18n", default=None)
    social_links = serializers.SerializerMethodField()

    class Meta:
        model = Membership
        fields = ["first_name", "last_name", "role", "region", "social_links"]

    @extend_schema_field(SocialLinkSerializer(many=True))
    def get_social_links(self, membership) -> list[dict]:
        if not membership.links_published:
            return []
        return [
            {"platform": a.platform, "url": a.url}
            for a in membership.finalist.application.social_accounts.all()
        ]


class TeamSerializer(serializers.ModelSerializer):
    direction = serializers.CharField(source="direction.code")
    direction_name = serializers.CharField(source="direction.name_i18n")
    ministry = serializers.CharField(source="direction.ministry_i18n")
    curators = CuratorSerializer(many=True)
    members = MemberSerializer(many=True, source="shown_members")

    class Meta:
        model = Team
        fields = [
            "id",
            "number",
            "direction",
            "direction_name",
            "ministry",
            "size",
            "capacity",
            "curators",
            "members",
        ]


class PreferenceSerializer(serializers.Serializer):
    directions = serializers.ListField(
        child=serializers.CharField(allow_blank=True, max_length=32),
        max_length=20,
        help_text="Коды направлений, лучшее первым.",
    )
    offered = serializers.ListField(child=serializers.CharField(), read_only=True)
    updated_at = serializers.DateTimeField(read_only=True, allow_null=True)
    open = serializers.BooleanField(
        read_only=True, help_text="Можно ли ещё изменить (команды не сформированы)."
    )
