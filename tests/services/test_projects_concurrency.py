"""Two members of a team editing one project at the same moment on PostgreSQL: the row
lock and the version let one edit through and refuse the other as stale, so neither
overwrites the other unknowingly; the history holds one edit."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from teams.projects.models import MediaProject, ProjectAction, ProjectChange
from teams.projects.services import projects as services
from tests.projects.factories import project, refinement_season, team_with_members, user_of

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_two_members_saving_one_version_at_once_give_one_edit():
    team, members = team_with_members(refinement_season(), "culture")
    made = project(team)
    start = threading.Barrier(2)
    saved, refused, errors = [], [], []

    def edit(membership, title):
        try:
            start.wait(timeout=10)
            services.project_update(
                project_id=made.pk, by=user_of(membership), version=1, fields={"title": title}
            )
            saved.append(title)
        except ValidationError as error:
            refused.append(error.code)
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=edit, args=(m, f"Версия {n}")) for n, m in enumerate(members)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert len(saved) == 1 and refused == ["stale"]
    made.refresh_from_db()
    assert (made.title, made.version) == (saved[0], 2)
    assert ProjectChange.objects.filter(project=made, action=ProjectAction.EDITED).count() == 1
    assert MediaProject.objects.count() == 1
