"""The selection against the database: the proposal (ranking, quotas, minimums, held
out), overrides with a reason, and publishing once with one notification per person."""

import pytest
from django.core.exceptions import ValidationError

from applications.models import ApplicantRole, ApplicationStatus, StatusChange
from applications.review import proposal, services
from applications.review.models import HeldOut, Proposed, Selection, SelectionDecision
from tests.applications.review.factories import (
    assigned,
    criteria,
    current_season,
    judge,
    minimum,
    review_settings,
    submit,
    submitted_application,
)
from tests.factories import organizer
from topblog.notifications.models import Channel, Event, OutboxMessage

pytestmark = pytest.mark.django_db

S = ApplicationStatus


def scored_season(values_by_direction, *, quotas=(2, 1), role=ApplicantRole.BLOGGER):
    """Applications each reviewed by the same two experts with the given points; the
    season's quotas (bloggers, officials)."""
    season = current_season()
    season.bloggers_quota, season.officials_quota = quotas
    season.save()
    review_settings(season)
    season_criteria = criteria(season)
    first, second = judge("culture", "agro"), judge("culture", "agro")
    made = []
    for direction, value in values_by_direction:
        application = submitted_application(direction, role=role, status=S.UNDER_REVIEW)
        for person in (first, second):
            assigned(application, person)
            submit(application, person, season_criteria, value)
        made.append(application)
    return season, made


def test_the_proposal_ranks_by_normalised_score_and_fills_the_quota():
    season, (low, high, middle) = scored_season([("culture", 3), ("culture", 9), ("culture", 6)])
    result = proposal.selection_proposal(season=season)
    rows = {r.application_id: r for r in result.rows}
    assert [r.application_id for r in result.rows] == [high.pk, middle.pk, low.pk]
    assert [rows[a.pk].rank for a in (high, middle, low)] == [1, 2, 3]
    assert {a for a, r in rows.items() if r.proposed == Proposed.SELECTED} == {high.pk, middle.pk}
    assert rows[high.pk].score > rows[middle.pk].score > rows[low.pk].score
    assert rows[high.pk].reviews_done == 2


def test_minimums_per_direction_bring_in_their_best():
    season, (a, _b, agro) = scored_season([("culture", 9), ("culture", 8), ("agro", 2)])
    minimum(ApplicantRole.BLOGGER, "agro", 1, season)
    chosen = {
        r.application_id
        for r in proposal.selection_proposal(season=season).rows
        if r.proposed == Proposed.SELECTED
    }
    assert chosen == {a.pk, agro.pk}
    counts = proposal.proposal_tally(proposal.selection_proposal(season=season))
    [agro_line] = [line for line in counts.directions if line.key == ("direction", "blogger", "agro")]
    assert (agro_line.selected, agro_line.target, agro_line.short) == (1, 1, False)


def test_duplicates_and_missing_reviews_are_held_out():
    season, (doubtful, fine) = scored_season([("culture", 9), ("culture", 5)])
    doubtful.is_possible_duplicate = True
    doubtful.save()
    waiting = submitted_application("culture", status=S.UNDER_REVIEW)
    assigned(waiting, judge("culture"))
    result = proposal.selection_proposal(season=season)
    held = {r.application_id: r.held_out_reason for r in result.held_out}
    assert held == {doubtful.pk: HeldOut.DUPLICATE, waiting.pk: HeldOut.MISSING_REVIEWS}
    assert [r.application_id for r in result.rows if r.proposed == Proposed.SELECTED] == [fine.pk]


def test_minimums_beyond_the_quota_are_refused_with_a_message():
    season, _made = scored_season([("culture", 5)], quotas=(1, 1))
    minimum(ApplicantRole.BLOGGER, "culture", 1, season)
    minimum(ApplicantRole.BLOGGER, "agro", 1, season)
    with pytest.raises(ValidationError) as refused:
        services.selection_propose(season_id=season.pk, by=organizer())
    assert refused.value.code == "minimums"


def test_an_override_needs_a_reason_and_survives_recomputing():
    season, (low, _high) = scored_season([("culture", 2), ("culture", 9)], quotas=(1, 0))
    boss = organizer()
    services.selection_propose(season_id=season.pk, by=boss)
    with pytest.raises(ValidationError):
        services.selection_override(application_id=low.pk, decision="selected", reason=" ", by=boss)
    services.selection_override(application_id=low.pk, decision="selected", reason="Сильный регион", by=boss)
    services.selection_propose(season_id=season.pk, by=boss)
    decision = SelectionDecision.objects.get(pk=low.pk)
    assert (decision.proposed, decision.final, decision.override_reason) == (
        "not_selected",
        "selected",
        "Сильный регион",
    )
    assert decision.overridden_by == boss
    services.selection_override(application_id=low.pk, decision="", reason="", by=boss)
    assert SelectionDecision.objects.get(pk=low.pk).final == "not_selected"


def test_publishing_changes_every_status_once_and_tells_each_person_once():
    season, (low, high, middle) = scored_season([("culture", 3), ("culture", 9), ("culture", 6)])
    boss = organizer()
    services.selection_propose(season_id=season.pk, by=boss)
    services.selection_override(application_id=low.pk, decision="selected", reason="Квота региона", by=boss)
    services.selection_override(application_id=middle.pk, decision="not_selected", reason="Дубль", by=boss)

    result = services.selection_publish(season_id=season.pk, by=boss)

    assert (result.selected, result.not_selected, result.already) == (2, 1, False)
    statuses = {a.pk: a.status for a in (low, high, middle) if not a.refresh_from_db()}
    assert statuses == {low.pk: S.SELECTED, high.pk: S.SELECTED, middle.pk: S.NOT_SELECTED}
    for application in (low, high, middle):
        change = StatusChange.objects.get(application=application, from_status=S.UNDER_REVIEW)
        assert change.changed_by == boss
        # The organizer's reason is internal: the person's history and mail do not carry it.
        assert change.reason == ""
        [mail] = OutboxMessage.objects.filter(
            recipient=application.applicant, event=Event.SELECTION_RESULT, channel=Channel.EMAIL
        )
        assert mail.context["status"] == str(S(application.status).label)
    assert Selection.objects.get(season=season).published_by == boss

    again = services.selection_publish(season_id=season.pk, by=organizer())
    assert again.already
    assert OutboxMessage.objects.filter(event=Event.SELECTION_RESULT).count() == 3 * 2  # email and portal
    assert StatusChange.objects.filter(to_status__in=[S.SELECTED, S.NOT_SELECTED]).count() == 3
    with pytest.raises(ValidationError):
        services.selection_override(application_id=low.pk, decision="not_selected", reason="Поздно", by=boss)


def test_publishing_is_refused_while_something_is_undecided():
    season, (doubtful, _fine) = scored_season([("culture", 9), ("culture", 5)])
    boss = organizer()
    with pytest.raises(ValidationError) as refused:
        services.selection_publish(season_id=season.pk, by=boss)
    assert refused.value.code == "no_proposal"
    doubtful.is_possible_duplicate = True
    doubtful.save()
    services.selection_propose(season_id=season.pk, by=boss)
    with pytest.raises(ValidationError) as refused:
        services.selection_publish(season_id=season.pk, by=boss)
    assert refused.value.code == "undecided"
    late = submitted_application("culture")
    services.selection_override(
        application_id=doubtful.pk, decision="not_selected", reason="Дубль заявки №1", by=boss
    )
    with pytest.raises(ValidationError) as refused:
        services.selection_publish(season_id=season.pk, by=boss)
    assert refused.value.code == "stale_proposal"
    # Recomputed, the late one is held out (no reviews); decided by hand, it goes through
    # "на экспертизе" to its result.
    services.selection_propose(season_id=season.pk, by=boss)
    services.selection_override(
        application_id=late.pk, decision="not_selected", reason="Подана без оценок", by=boss
    )
    services.selection_publish(season_id=season.pk, by=boss)
    late.refresh_from_db()
    assert late.status == S.NOT_SELECTED
    assert list(late.status_changes.values_list("to_status", flat=True)) == [S.UNDER_REVIEW, S.NOT_SELECTED]
    assert not Selection.objects.filter(published_at__isnull=True).exists()
