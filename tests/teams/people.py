"""The people around two teams of one season, for the team pages', API's and stage
parts' tests: a member of each, their direction's curators, leadership, an organizer,
an expert and a plain applicant."""

from dataclasses import dataclass

from django.utils import timezone

from teams.models import Membership, Team
from tests.factories import (
    SocialAccountFactory,
    applicant,
    expert,
    ministry_curator,
    ministry_leadership,
    organizer,
)
from tests.modules.factories import season_at
from tests.teams.factories import member, team
from topblog.accounts.models import Consent, ConsentDocument, User
from topblog.accounts.selectors import consent_document_current
from topblog.tracks.models import Season, StageKind


def publication_consent(user: User) -> Consent:
    document = consent_document_current(kind=ConsentDocument.Kind.PUBLICATION)
    return Consent.objects.create(user=user, document=document, given_at=timezone.now())


def grown(of: Team, count: int) -> list[Membership]:
    """``count`` more members, each with a social link and consent to publish it."""
    added = []
    for _ in range(count):
        membership = member(of)
        SocialAccountFactory(application=membership.finalist.application)
        publication_consent(membership.finalist.application.applicant)
        added.append(membership)
    return added


@dataclass
class Cast:
    season: Season
    culture: Team
    health: Team
    member: Membership
    other_member: Membership

    def person(self, who: str) -> User | None:
        return {
            "member": lambda: self.member.finalist.application.applicant,
            "member of another team": lambda: self.other_member.finalist.application.applicant,
            "curator of the direction": lambda: ministry_curator("culture"),
            "curator of another direction": lambda: ministry_curator("health"),
            "leadership": ministry_leadership,
            "organizer": organizer,
            "expert": expert,
            "plain applicant": applicant,
            "anonymous": lambda: None,
        }[who]()


SEES_CULTURE = ["member", "curator of the direction", "leadership", "organizer"]
DOES_NOT = [
    "member of another team",
    "curator of another direction",
    "expert",
    "plain applicant",
    "anonymous",
]


def cast() -> Cast:
    season = season_at(StageKind.TEAM_MODULE, days_in=1)
    culture, health = team(season, "culture"), team(season, "health")
    return Cast(season, culture, health, member(culture), member(health))
