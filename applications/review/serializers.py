"""The review stage in the API. The expert's application is serialized from the
presentation (applications.review.presentation), which leaves out what a blind review
hides, so nothing here decides what an expert may see."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from applications.review.models import Criterion, SelectionDecision


class QueueItemSerializer(serializers.Serializer):
    application_id = serializers.IntegerField()
    role = serializers.CharField(source="application.role")
    direction = serializers.CharField(source="direction_code", allow_null=True)
    due_at = serializers.DateTimeField(allow_null=True)
    blind = serializers.BooleanField()
    state = serializers.SerializerMethodField(help_text=_("todo, draft или submitted."))
    submitted_at = serializers.SerializerMethodField()

    def _review(self, assignment):
        return getattr(assignment, "review", None)

    def get_state(self, assignment) -> str:
        review = self._review(assignment)
        return "todo" if review is None else review.state

    def get_submitted_at(self, assignment) -> str | None:
        review = self._review(assignment)
        return review.submitted_at.isoformat() if review is not None and review.submitted_at else None


class PersonSerializer(serializers.Serializer):
    full_name = serializers.CharField()
    birth_date = serializers.DateField(allow_null=True)
    region = serializers.CharField()
    city = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()
    rkn_number = serializers.CharField()


class DirectionShownSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    name_en = serializers.CharField()


class AccountShownSerializer(serializers.Serializer):
    platform = serializers.CharField()
    followers = serializers.IntegerField()
    url = serializers.CharField(allow_null=True, help_text=_("null при слепой экспертизе"))


class IdeaShownSerializer(serializers.Serializer):
    title = serializers.CharField()
    description = serializers.CharField()


class FileShownSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    url = serializers.CharField()


class ApplicationForExpertSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    blind = serializers.BooleanField()
    role = serializers.CharField()
    status = serializers.CharField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    age = serializers.IntegerField(allow_null=True)
    person = PersonSerializer(allow_null=True, help_text=_("null при слепой экспертизе"))
    directions = DirectionShownSerializer(many=True)
    ministry = serializers.CharField()
    department = serializers.CharField()
    position = serializers.CharField()
    total_followers = serializers.IntegerField()
    accounts = AccountShownSerializer(many=True)
    content_links = serializers.ListField(child=serializers.CharField())
    ideas = IdeaShownSerializer(many=True)
    motivation = serializers.CharField()
    files = FileShownSerializer(many=True)


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = [
            "id",
            "name",
            "name_en",
            "description",
            "description_en",
            "weight",
            "scale_min",
            "scale_max",
        ]


class MyReviewSerializer(serializers.Serializer):
    state = serializers.CharField(help_text=_("todo, draft или submitted."))
    scores = serializers.DictField(child=serializers.IntegerField(), help_text=_("Балл по id критерия."))
    comment = serializers.CharField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    due_at = serializers.DateTimeField(allow_null=True)
    editable = serializers.BooleanField()


class ReviewDetailSerializer(serializers.Serializer):
    application = ApplicationForExpertSerializer()
    criteria = CriterionSerializer(many=True)
    review = MyReviewSerializer()


class ReviewInputSerializer(serializers.Serializer):
    scores = serializers.DictField(
        child=serializers.IntegerField(allow_null=True, min_value=0),
        help_text=_("Балл по id критерия; null — ещё не поставлен."),
    )
    comment = serializers.CharField(allow_blank=True, required=False, default="")

    def validate_scores(self, value: dict) -> dict[int, int | None]:
        try:
            return {int(key): score for key, score in value.items()}
        except ValueError as error:
            raise serializers.ValidationError(_("Ключи — id критериев.")) from error


class ProposalRowSerializer(serializers.ModelSerializer):
    application_id = serializers.IntegerField()
    direction = serializers.CharField(source="direction.code")
    district = serializers.CharField(source="application.region.federal_district", default="")
    final = serializers.CharField(help_text=_("selected, not_selected или пусто, пока решения нет."))

    class Meta:
        model = SelectionDecision
        fields = [
            "application_id",
            "rank",
            "role",
            "direction",
            "district",
            "score",
            "disagreement",
            "reviews_done",
            "proposed",
            "held_out_reason",
            "override",
            "final",
        ]


class TallyLineSerializer(serializers.Serializer):
    key = serializers.ListField(child=serializers.CharField())
    selected = serializers.IntegerField()
    candidates = serializers.IntegerField()
    target = serializers.IntegerField(allow_null=True)
    short = serializers.BooleanField()


class TallySerializer(serializers.Serializer):
    roles = TallyLineSerializer(many=True)
    directions = TallyLineSerializer(many=True)
    districts = TallyLineSerializer(many=True)
    held_out = serializers.DictField(child=serializers.IntegerField())
    overridden = serializers.IntegerField()
