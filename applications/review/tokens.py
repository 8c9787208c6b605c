"""The signed link in an expert's invitation, with which they choose their password."""

from django.contrib.auth.tokens import PasswordResetTokenGenerator


class ExpertInvitationTokenGenerator(PasswordResetTokenGenerator):
    # A salt of its own: an invitation link never resets a password, nor the reverse.
    # Django's hash covers the password and last login, so choosing a password spends it.
    key_salt = "applications.review.tokens.ExpertInvitationTokenGenerator"


expert_invitation_token = ExpertInvitationTokenGenerator()
