"""The application page in folded sections, so a person finishes it on a phone: which
fields each section holds, and the state its header shows while it is folded.

Each section is a <details> that the browser opens and closes without any script. The
page opens the sections with errors, or else the first one still to be filled, so a
person picks up where they left off and is never sent to a folded error."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ERROR, TODO, DONE, OTHER_ROLE = "error", "todo", "done", "other_role"

STATE_LABELS: dict[str, Promise] = {
    ERROR: _("Есть ошибки"),
    TODO: _("Нужно заполнить"),
    DONE: _("Заполнено"),
    OTHER_ROLE: _("Не для выбранной роли"),
}


@dataclass(frozen=True)
class Section:
    key: str
    # The form fields, rows and submission problems (rules.Problem.field) it holds.
    fields: frozenset[str]
    # Only for this applicant role ("blogger", "official"), or for everyone.
    role: str = ""


SECTIONS: tuple[Section, ...] = (
    Section("role", frozenset({"role"})),
    Section(
        "person",
        frozenset({"last_name", "first_name", "patronymic", "birth_date", "region", "city", "phone"}),
    ),
    Section(
        "blogger", frozenset({"social_accounts", "content_links", "files", "rkn_number"}), role="blogger"
    ),
    Section("official", frozenset({"ministry_direction", "department", "position"}), role="official"),
    Section("directions", frozenset({"directions", "direction_1", "direction_2", "direction_3"})),
    Section("ideas", frozenset({"ideas", "motivation"})),
    Section("consent", frozenset({"processing_consent", "publication_consent", "parent_consent"})),
)


@dataclass(frozen=True)
class SectionState:
    state: str
    open: bool

    @property
    def label(self) -> str:
        return str(STATE_LABELS[self.state])


def section_states(
    *, role: str, problems: Iterable[str], errors: Iterable[str], consent_ticked: bool
) -> dict[str, SectionState]:
    """Each section's state: "error" when a field in it has an error on this page,
    "todo" while the saved application has a submission problem in it (or, for the
    consents, the processing consent is not ticked; a role's section while no role is
    chosen), "done" otherwise; the other role's section is "other_role". Sections with
    errors are open; without errors, the first one to do is."""
    problems, errors = set(problems), set(errors)
    if not consent_ticked:
        problems.add("processing_consent")
    states: dict[str, str] = {}
    for section in SECTIONS:
        if section.fields & errors:
            states[section.key] = ERROR
        elif section.role and role and section.role != role:
            states[section.key] = OTHER_ROLE
        elif section.fields & problems or (section.role and not role):
            states[section.key] = TODO
        else:
            states[section.key] = DONE
    has_errors = ERROR in states.values()
    first_todo = next((key for key, state in states.items() if state == TODO), None)
    return {
        key: SectionState(state, open=state == ERROR if has_errors else key == first_todo)
        for key, state in states.items()
    }
