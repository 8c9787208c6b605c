"""The requesting person's consents in the API: the list, and withdrawing one. What a
withdrawal will do is read first (GET), and only a POST that confirms it withdraws."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from topblog.accounts import consent_withdrawal, selectors, services
from topblog.accounts.models import Consent, ConsentDocument
from topblog.client_address import client_ip, client_user_agent

TAGS = ["me: consents"]


class ConsentSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(source="document.kind")
    title = serializers.CharField(source="document.title")
    version = serializers.IntegerField(source="document.version")

    class Meta:
        model = Consent
        fields = ["kind", "title", "version", "given_at", "withdrawn_at"]
        read_only_fields = fields


class WithdrawalSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ConsentDocument.Kind.choices, read_only=True)
    active = serializers.BooleanField(read_only=True, help_text=_("Есть ли действующее согласие этого вида."))
    consequences = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text=_("Что произойдёт после отзыва.")
    )
    confirm = serializers.BooleanField(
        write_only=True, help_text=_("true: вы прочитали, что произойдёт, и отзываете согласие.")
    )


class MyConsentsView(APIView):
    @extend_schema(tags=TAGS, summary="Мои согласия", responses={200: ConsentSerializer(many=True)})
    def get(self, request):
        return Response(ConsentSerializer(selectors.consents_of(user=request.user), many=True).data)


class ConsentWithdrawalView(APIView):
    def _kind(self, kind: str) -> str:
        if kind not in ConsentDocument.Kind.values:
            raise Http404
        return kind

    def _state(self, request, kind: str) -> dict:
        return {
            "kind": kind,
            "active": selectors.consent_active(user=request.user, kind=kind) is not None,
            "consequences": consent_withdrawal.consequences_described(user=request.user, kind=kind),
        }

    @extend_schema(
        tags=TAGS, summary="Что произойдёт, если отозвать согласие", responses={200: WithdrawalSerializer}
    )
    def get(self, request, kind: str):
        return Response(WithdrawalSerializer(self._state(request, self._kind(kind))).data)

    @extend_schema(
        tags=TAGS,
        summary="Отозвать согласие (processing — на обработку данных, publication — на публикацию)",
        request=WithdrawalSerializer,
        responses={200: WithdrawalSerializer, 400: None, 404: None},
    )
    def post(self, request, kind: str):
        kind = self._kind(kind)
        serializer = WithdrawalSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        if not serializer.validated_data["confirm"]:
            body = {"confirm": [_("Прочитайте, что произойдёт, и подтвердите отзыв: confirm=true.")]}
            return Response({**body, **self._state(request, kind)}, status=status.HTTP_400_BAD_REQUEST)
        try:
            services.consent_withdraw(
                user=request.user,
                kind=kind,
                ip_address=client_ip(request),
                user_agent=client_user_agent(request),
            )
        except ValidationError as error:
            return Response({"detail": " ".join(error.messages)}, status=status.HTTP_400_BAD_REQUEST)
        return Response(WithdrawalSerializer(self._state(request, kind)).data)
