"""The review stage in the API: for experts, their queue, one application (blind where
the season says so), and their review saved as a draft or submitted; for organizers,
the selection proposal, read-only. Applications come only from the requesting
expert's own active assignments: any other is 404."""

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from applications.api import CONFLICT_CODES, ServiceView
from applications.models import ReviewAssignment
from applications.review import proposal, selectors, services
from applications.review.models import SelectionDecision
from applications.review.presentation import application_for_expert
from applications.review.serializers import (
    ProposalRowSerializer,
    QueueItemSerializer,
    ReviewDetailSerializer,
    ReviewInputSerializer,
    TallySerializer,
)
from applications.review.services import ReviewInput
from applications.selectors import user_is_organizer
from topblog.tracks.models import Season
from topblog.tracks.selectors import season_current

EXPERT_TAGS = ["review: expert"]
ORGANIZER_TAGS = ["review: organizers"]
# Refusals because of the review's state, not the input: the client must reload.
REVIEW_CONFLICTS = CONFLICT_CODES | {
    "published",
    "past_due",
    "not_in_review",
    "already_submitted",
    "no_criteria",
}
NOT_ASSIGNED = OpenApiResponse(description="Заявка не назначена этому эксперту (или её нет).")


class IsExpert(BasePermission):
    message = "Раздел для экспертов."

    def has_permission(self, request, view) -> bool:
        return selectors.user_is_expert(request.user)


class IsOrganizer(BasePermission):
    def has_permission(self, request, view) -> bool:
        return user_is_organizer(request.user)


class QueueView(generics.ListAPIView):
    permission_classes = [IsExpert]
    serializer_class = QueueItemSerializer

    def get_queryset(self):
        show = self.request.query_params.get("show")
        show = show if show in selectors.QUEUE_SHOWS else "todo"
        return selectors.expert_queue(user=self.request.user, show=show, now=timezone.now())

    @extend_schema(
        tags=EXPERT_TAGS,
        summary="Мои заявки на экспертизу",
        parameters=[
            OpenApiParameter("show", enum=list(selectors.QUEUE_SHOWS), description="По умолчанию todo.")
        ],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


def _assignment(request, application_id: int) -> ReviewAssignment:
    try:
        return selectors.expert_assignment(user=request.user, application_id=application_id)
    except ReviewAssignment.DoesNotExist as missing:
        raise Http404 from missing


def _detail(request, application_id: int) -> Response:
    assignment = _assignment(request, application_id)
    season_id = assignment.application.season_id
    review, scores = selectors.review_of(assignment)
    data = {
        "application": application_for_expert(assignment),
        "criteria": selectors.criteria_of(season_id=season_id),
        "review": {
            "state": review.state if review else "todo",
            "scores": {str(pk): value for pk, value in scores.items()},
            "comment": review.comment if review else "",
            "submitted_at": review.submitted_at if review else None,
            "due_at": assignment.due_at,
            "editable": selectors.review_editable(assignment, review, now=timezone.now()),
        },
    }
    return Response(ReviewDetailSerializer(data).data)


class ReviewDetailView(ServiceView):
    permission_classes = [IsExpert]

    @extend_schema(
        tags=EXPERT_TAGS,
        summary="Заявка для оценки и моя оценка",
        responses={200: ReviewDetailSerializer, 404: NOT_ASSIGNED},
    )
    def get(self, request, application_id: int):
        return _detail(request, application_id)


WRITE_SCHEMA = {
    "tags": EXPERT_TAGS,
    "request": ReviewInputSerializer,
    "responses": {
        200: ReviewDetailSerializer,
        400: OpenApiResponse(description="Ошибки по критериям."),
        404: NOT_ASSIGNED,
        409: OpenApiResponse(description="Оценку изменить уже нельзя."),
    },
}


class ReviewWriteView(ServiceView):
    permission_classes = [IsExpert]
    conflict_codes = REVIEW_CONFLICTS
    submit = False

    def _write(self, request, application_id: int) -> Response:
        _assignment(request, application_id)
        serializer = ReviewInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = ReviewInput(
            scores=serializer.validated_data["scores"], comment=serializer.validated_data["comment"]
        )
        save = services.review_submit if self.submit else services.review_draft_save
        save(application_id=application_id, expert=request.user, data=data)
        return _detail(request, application_id)


class ReviewDraftView(ReviewWriteView):
    @extend_schema(summary="Сохранить черновик оценки", **WRITE_SCHEMA)
    def put(self, request, application_id: int):
        return self._write(request, application_id)


class ReviewSubmitView(ReviewWriteView):
    submit = True

    @extend_schema(summary="Отправить оценку", **WRITE_SCHEMA)
    def post(self, request, application_id: int):
        return self._write(request, application_id)


def _season(request) -> Season:
    season_id = request.query_params.get("season")
    season = (
        Season.objects.filter(pk=season_id).first() if season_id and season_id.isdigit() else season_current()
    )
    if season is None:
        raise Http404
    return season


SEASON_PARAMETER = OpenApiParameter("season", int, description="Сезон; по умолчанию текущий.")


class ProposalView(generics.ListAPIView):
    """The kept proposal with organizers' overrides, by role and rank."""

    permission_classes = [IsOrganizer]
    serializer_class = ProposalRowSerializer

    def get_queryset(self):
        return (
            SelectionDecision.objects.filter(selection__season=_season(self.request))
            .select_related("direction", "application__region")
            .order_by("role", "rank", "application_id")
        )

    @extend_schema(
        tags=ORGANIZER_TAGS, summary="Предложение отбора: рейтинг и решения", parameters=[SEASON_PARAMETER]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class ProposalSummaryView(ServiceView):
    permission_classes = [IsOrganizer]

    @extend_schema(
        tags=ORGANIZER_TAGS,
        summary="Предложение отбора: счёт по квотам, минимумам и округам",
        parameters=[SEASON_PARAMETER],
        responses={200: TallySerializer},
    )
    def get(self, request):
        return Response(TallySerializer(proposal.decisions_tally(season=_season(request))).data)
