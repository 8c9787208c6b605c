import pytest

from tests.factories import ministry_curator, ministry_leadership, organizer
from tests.projects.factories import project, refinement_season, team_with_members, user_of


@pytest.fixture
def season(db):
    return refinement_season()


@pytest.fixture
def world(season):
    """A culture team with two members and a project, a health team with one member, and
    a person of every other role."""
    culture, members = team_with_members(season, "culture")
    health, others = team_with_members(season, "health", size=1)
    return {
        "season": season,
        "team": culture,
        "project": project(culture),
        "member": user_of(members[0]),
        "member2": user_of(members[1]),
        "memberships": members,
        "other_team": health,
        "other_member": user_of(others[0]),
        "curator": ministry_curator("culture"),
        "other_curator": ministry_curator("health"),
        "leadership": ministry_leadership(),
        "organizer": organizer(),
    }
