"""The link in a juror's invitation, made when the mail is sent and never stored (see
topblog.notifications.placeholders); registered as that event's secret from
FinalConfig.ready(). To someone who has no password yet it opens the page where they
choose one; to someone who has, it is the way to their scoring queue."""

from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from teams.final.jury.tokens import jury_invitation_token
from topblog.accounts.models import User


def jury_invitation_link(recipient_id: int) -> dict[str, str]:
    user = User.objects.get(pk=recipient_id)
    if user.has_usable_password():
        return {"invitation_url": reverse("final:jury_queue")}
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = jury_invitation_token.make_token(user)
    return {"invitation_url": reverse("final:jury_invitation", kwargs={"uidb64": uidb64, "token": token})}
