"""The signed link in a juror's invitation, with which a new account chooses its password."""

from applications.review.tokens import ExpertInvitationTokenGenerator


class JuryInvitationTokenGenerator(ExpertInvitationTokenGenerator):
    # A salt of its own: a jury link is not an expert's invitation, nor a password reset.
    key_salt = "teams.final.jury.tokens.JuryInvitationTokenGenerator"


jury_invitation_token = JuryInvitationTokenGenerator()
