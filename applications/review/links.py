"""The link in an expert's invitation, made when the mail is sent and never stored (see
topblog.notifications.placeholders); registered as that event's secret from
ReviewConfig.ready(). To someone who has no password yet it opens the page where they
choose one; to someone who has, it is the way to their queue."""

from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from applications.review.tokens import expert_invitation_token
from topblog.accounts.models import User


def invitation_link(recipient_id: int) -> dict[str, str]:
    user = User.objects.get(pk=recipient_id)
    if user.has_usable_password():
        return {"invitation_url": reverse("review:queue")}
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = expert_invitation_token.make_token(user)
    return {"invitation_url": reverse("review:invitation", kwargs={"uidb64": uidb64, "token": token})}
