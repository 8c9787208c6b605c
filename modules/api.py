"""The programme in the API: the public schedule, and a trainee's own sessions,
assignments, certificate and finalist standing. Everything personal is looked up for
the requesting trainee; anyone else gets 404."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from applications.api import OwnApplicationView
from modules.models import ProgrammeSettings
from modules.selectors.certificates import certificate_of
from modules.selectors.finalists import finalist_of
from modules.selectors.programme import assignments_of, completion_rule, season_assignments
from modules.selectors.schedule import public_schedule, sessions_of
from modules.serializers import (
    AssignmentStateSerializer,
    CertificateSerializer,
    DeclineSerializer,
    FinalistSerializer,
    SessionSerializer,
)
from modules.services import finalists as finalist_services
from modules.views.common import Trainee, trainee_of
from topblog.tracks.selectors import season_current

TAGS = ["me: programme"]


def _trainee(request) -> Trainee:
    trainee = trainee_of(request)
    if trainee is None:
        raise Http404
    return trainee


@extend_schema(tags=["season"], summary="Открытые события расписания текущего сезона")
class PublicScheduleView(generics.ListAPIView):
    permission_classes = [AllowAny]
    serializer_class = SessionSerializer

    def get_queryset(self):
        season = season_current()
        return public_schedule(season=season)[1] if season else []


@extend_schema(tags=TAGS, summary="Занятия, которые касаются меня")
class MySessionsView(generics.ListAPIView):
    serializer_class = SessionSerializer

    def get_queryset(self):
        trainee = _trainee(self.request)
        return sessions_of(member=trainee.member, season_id=trainee.season.pk)


@extend_schema(tags=TAGS, summary="Мои задания, работы и оценки")
class MyAssignmentsView(generics.ListAPIView):
    serializer_class = AssignmentStateSerializer

    def get_queryset(self):
        trainee = _trainee(self.request)
        return assignments_of(
            application_id=trainee.application.pk,
            assignments=list(season_assignments(season_id=trainee.season.pk)),
            rule=completion_rule(ProgrammeSettings.for_season(trainee.season)),
        )


@extend_schema(tags=TAGS, summary="Моё удостоверение")
class MyCertificateView(generics.RetrieveAPIView):
    serializer_class = CertificateSerializer

    def get_object(self):
        certificate = certificate_of(application_id=_trainee(self.request).application.pk)
        if certificate is None:
            raise Http404
        return certificate


@extend_schema(tags=TAGS, summary="Моё место в командном модуле")
class MyFinalistView(generics.RetrieveAPIView):
    serializer_class = FinalistSerializer

    def get_object(self):
        finalist = finalist_of(application_id=_trainee(self.request).application.pk)
        if finalist is None:
            raise Http404
        return finalist


class _FinalistAction(OwnApplicationView):
    def _done(self, request) -> Response:
        finalist = finalist_of(application_id=_trainee(request).application.pk)
        return Response(FinalistSerializer(finalist).data, status=status.HTTP_200_OK)


@extend_schema(
    tags=TAGS, summary="Подтвердить участие в командном модуле", request=None, responses=FinalistSerializer
)
class FinalistConfirmView(_FinalistAction):
    def post(self, request):
        finalist_services.finalist_confirm(application_id=_trainee(request).application.pk, by=request.user)
        return self._done(request)


@extend_schema(
    tags=TAGS,
    summary="Отказаться от участия (или выйти из листа ожидания)",
    request=DeclineSerializer,
    responses=FinalistSerializer,
)
class FinalistDeclineView(_FinalistAction):
    def post(self, request):
        serializer = DeclineSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        finalist_services.finalist_decline(
            application_id=_trainee(request).application.pk,
            by=request.user,
            reason=serializer.validated_data.get("reason", ""),
        )
        return self._done(request)
