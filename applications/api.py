"""The requesting person's own application: read and edit the draft, submit, withdraw,
read the history, add and remove files. Everything is looked up through
``selectors.application_of(user=request.user)``: another person's application is not
reachable at all, so it is simply 404."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from applications import selectors, services
from applications.downloads import portfolio_file_response
from applications.drafts import draft_from_application
from applications.models import Application, PortfolioFile
from applications.serializers import (
    ApplicationDraftSerializer,
    ApplicationSerializer,
    ErrorSerializer,
    FileUploadSerializer,
    PortfolioFileSerializer,
    StatusChangeSerializer,
    SubmitSerializer,
    WithdrawSerializer,
)
from topblog.client_address import client_ip, client_user_agent
from topblog.tracks.models import Season
from topblog.tracks.selectors import season_current

TAGS = ["me: application"]
# Refusals because of the application's state, not the input: the client must reload.
CONFLICT_CODES = frozenset({"stale", "already_submitted", "not_draft", "transition_not_allowed"})

NOT_FOUND = OpenApiResponse(ErrorSerializer, description="Заявки нет (или нет текущего сезона).")
INVALID = OpenApiResponse(description="Ошибки ввода по полям: {поле: [сообщения]} или {detail, code}.")
CONFLICT = OpenApiResponse(
    ErrorSerializer,
    description="Заявку изменили в другой вкладке (code=stale) или её статус не позволяет действие.",
)


def _season() -> Season:
    season = season_current()
    if season is None:
        raise Http404(_("Сейчас набор не идёт."))
    return season


def _own(request) -> Application:
    application = selectors.application_of(user=request.user, season=_season())
    if application is None:
        raise Http404(_("У вас нет заявки в этом сезоне."))
    return application


def service_refusal(error: ValidationError, *, conflict_codes: frozenset[str] = CONFLICT_CODES) -> Response:
    """A service's ValidationError as the API answers it: 409 when the state forbids
    the action (its code is one of ``conflict_codes``), 400 with the messages by field
    otherwise."""
    if hasattr(error, "error_dict"):
        return Response(error.message_dict, status=status.HTTP_400_BAD_REQUEST)
    code = error.error_list[0].code if error.error_list else None
    body = {"detail": " ".join(error.messages), "code": code or "invalid"}
    conflict = code in conflict_codes
    return Response(body, status=status.HTTP_409_CONFLICT if conflict else status.HTTP_400_BAD_REQUEST)


class ServiceView(APIView):
    """An endpoint whose services refuse with ValidationError, answered by
    service_refusal with the view's ``conflict_codes``; Django's PermissionDenied and
    Http404 DRF answers itself."""

    conflict_codes = CONFLICT_CODES

    def handle_exception(self, exc):
        if isinstance(exc, ValidationError):
            return service_refusal(exc, conflict_codes=self.conflict_codes)
        return super().handle_exception(exc)


class OwnApplicationView(ServiceView):
    """An endpoint on the requesting person's own application."""


def _fresh(request) -> Response:
    return Response(ApplicationSerializer(_own(request), context={"request": request}).data)


class MyApplicationView(OwnApplicationView):
    @extend_schema(
        tags=TAGS,
        summary="Моя заявка в текущем сезоне",
        responses={200: ApplicationSerializer, 404: NOT_FOUND},
    )
    def get(self, request):
        return _fresh(request)

    @extend_schema(
        tags=TAGS,
        summary="Начать заявку (пустой черновик); если она уже есть — вернуть её",
        request=None,
        responses={
            201: ApplicationSerializer,
            200: ApplicationSerializer,
            403: ErrorSerializer,
            404: NOT_FOUND,
        },
    )
    def post(self, request):
        season = _season()
        existed = selectors.application_of(user=request.user, season=season) is not None
        services.application_start(season=season, applicant=request.user)
        response = _fresh(request)
        response.status_code = status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        return response

    @extend_schema(
        tags=TAGS,
        summary="Сохранить черновик целиком",
        request=ApplicationDraftSerializer,
        responses={200: ApplicationSerializer, 400: INVALID, 404: NOT_FOUND, 409: CONFLICT},
    )
    def put(self, request):
        return self._save(request, partial=False)

    @extend_schema(
        tags=TAGS,
        summary="Изменить часть черновика",
        request=ApplicationDraftSerializer,
        responses={200: ApplicationSerializer, 400: INVALID, 404: NOT_FOUND, 409: CONFLICT},
    )
    def patch(self, request):
        return self._save(request, partial=True)

    def _save(self, request, *, partial: bool) -> Response:
        application = _own(request)
        serializer = ApplicationDraftSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        if "version" not in serializer.validated_data:
            return Response({"version": [_("Укажите версию заявки.")]}, status=status.HTTP_400_BAD_REQUEST)
        base = draft_from_application(application) if partial else None
        services.application_draft_save(
            application_id=application.pk,
            expected_version=serializer.validated_data["version"],
            data=serializer.draft(base),
            by=request.user,
        )
        return _fresh(request)


class SubmitView(OwnApplicationView):
    @extend_schema(
        tags=TAGS,
        summary="Подать заявку",
        request=SubmitSerializer,
        responses={200: ApplicationSerializer, 400: INVALID, 404: NOT_FOUND, 409: CONFLICT},
    )
    def post(self, request):
        application = _own(request)
        serializer = SubmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.application_submit(
            application_id=application.pk,
            expected_version=serializer.validated_data["version"],
            by=request.user,
            ip_address=client_ip(request),
            user_agent=client_user_agent(request),
            processing_consent=serializer.validated_data["processing_consent"],
            publication_consent=serializer.validated_data["publication_consent"],
        )
        return _fresh(request)


class WithdrawView(OwnApplicationView):
    @extend_schema(
        tags=TAGS,
        summary="Отозвать заявку",
        request=WithdrawSerializer,
        responses={200: ApplicationSerializer, 400: INVALID, 404: NOT_FOUND, 409: CONFLICT},
    )
    def post(self, request):
        application = _own(request)
        serializer = WithdrawSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.application_withdraw(
            application_id=application.pk, by=request.user, reason=serializer.validated_data["reason"]
        )
        return _fresh(request)


class HistoryView(OwnApplicationView):
    @extend_schema(
        tags=TAGS,
        summary="История статусов моей заявки",
        responses={200: StatusChangeSerializer(many=True), 404: NOT_FOUND},
    )
    def get(self, request):
        application = _own(request)
        serializer = StatusChangeSerializer(
            selectors.application_history(application),
            many=True,
            context={"applicant_id": application.applicant_id},
        )
        return Response(serializer.data)


class FilesView(OwnApplicationView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        tags=TAGS,
        summary="Загрузить файл (работа или согласие родителя) в черновик",
        request={"multipart/form-data": FileUploadSerializer},
        responses={201: PortfolioFileSerializer, 400: INVALID, 404: NOT_FOUND, 409: CONFLICT},
    )
    def post(self, request):
        application = _own(request)
        serializer = FileUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        portfolio_file = services.portfolio_file_add(
            application_id=application.pk,
            upload=serializer.validated_data["file"],
            kind=serializer.validated_data["kind"],
            by=request.user,
        )
        data = PortfolioFileSerializer(portfolio_file, context={"request": request}).data
        return Response(data, status=status.HTTP_201_CREATED)


class FileView(OwnApplicationView):
    @extend_schema(
        tags=TAGS,
        summary="Скачать файл своей заявки (работает и с токеном, без сессии)",
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY, 404: NOT_FOUND},
    )
    def get(self, request, file_id: int):
        application = _own(request)
        try:
            return portfolio_file_response(application.files.get(pk=file_id))
        except (PortfolioFile.DoesNotExist, FileNotFoundError) as missing:
            raise Http404(_("Такого файла в вашей заявке нет.")) from missing

    @extend_schema(
        tags=TAGS,
        summary="Удалить файл из черновика",
        responses={204: None, 404: NOT_FOUND, 409: CONFLICT},
    )
    def delete(self, request, file_id: int):
        application = _own(request)
        try:
            services.portfolio_file_remove(application_id=application.pk, file_id=file_id, by=request.user)
        except PortfolioFile.DoesNotExist as missing:
            raise Http404(_("Такого файла в вашей заявке нет.")) from missing
        return Response(status=status.HTTP_204_NO_CONTENT)
