"""Where a person lands after signing in or confirming their email: the home of their role.

A registry: the app that serves a role registers that role's home from its
``AppConfig.ready()`` with ``register_role_home(role, home)``, so a later stage (the
experts' review queue, the ministries' final, the organizers' dashboard) gives its people
a page of their own without this lower app knowing it exists. ``home(user)`` returns a
URL, or None when it has nothing for this person yet. Homes registered later are asked
first: apps are ready in the funnel's order, so a later stage's page wins over an
earlier one for the people it concerns.

A role with no home that answers lands on ``accounts:role_home``: what the role will be
able to do on the portal, and when, from the current season's stages.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from topblog.accounts.models import Role, User
from topblog.tracks.models import StageKind

RoleHome = Callable[[User], str | None]

_homes: dict[str, list[RoleHome]] = {}

# A person with several roles lands where the role that runs the most of the season works.
ROLE_ORDER = (
    Role.ORGANIZER,
    Role.MINISTRY_LEADERSHIP,
    Role.MINISTRY_CURATOR,
    Role.EXPERT,
    Role.APPLICANT,
)


def register_role_home(role: Role, home: RoleHome) -> None:
    """Add ``home`` for ``role``. Registering the same function again (a second
    ``ready()`` in tests) is harmless."""
    homes = _homes.setdefault(Role(role), [])
    if home not in homes:
        homes.append(home)


def unregister_role_home(role: Role, home: RoleHome) -> None:
    """For tests that register a home of their own."""
    if home in _homes.get(Role(role), []):
        _homes[Role(role)].remove(home)


def user_roles(user: User) -> list[Role]:
    """The person's roles in ROLE_ORDER; a superuser works as an organizer."""
    codes = set(user.role_codes)
    if user.is_superuser:
        codes.add(Role.ORGANIZER)
    return [role for role in ROLE_ORDER if role in codes]


def landing_url(user: User) -> str:
    """The page ``user`` starts from: the first answer of their first role's homes, the
    page of what their role will do if none answers, the public page without a role."""
    roles = user_roles(user)
    if not roles:
        return reverse("home")
    for home in reversed(_homes.get(roles[0], [])):
        url = home(user)
        if url:
            return url
    return reverse("accounts:role_home")


def _organizer_home(user: User) -> str:
    # Organizers work in the admin; a dashboard registered later takes them there instead.
    return reverse("admin:index")


register_role_home(Role.ORGANIZER, _organizer_home)


@dataclass(frozen=True)
class RoleTask:
    """What a role does in one stage of the season."""

    stage: StageKind
    text: str


# What each role will do, stage by stage; the role's home page dates them from the season.
ROLE_TASKS: dict[Role, tuple[RoleTask, ...]] = {
    Role.APPLICANT: (
        RoleTask(StageKind.APPLICATIONS, _("Подать заявку: анкету, портфолио и идеи медиапроектов.")),
        RoleTask(StageKind.SELECTION_RESULTS, _("Узнать, прошли ли вы отбор.")),
    ),
    Role.EXPERT: (
        RoleTask(
            StageKind.PORTFOLIO_REVIEW,
            _("Оценить портфолио и идеи медиапроектов заявок, которые вам назначат организаторы."),
        ),
    ),
    Role.MINISTRY_CURATOR: (
        RoleTask(StageKind.PORTFOLIO_REVIEW, _("Посмотреть заявки своего направления.")),
        RoleTask(
            StageKind.REFINEMENT, _("Вместе с командами дорабатывать и тестировать медиапроекты направления.")
        ),
        RoleTask(StageKind.FINAL, _("Посмотреть защиту медиапроектов своего направления на финале.")),
    ),
    Role.MINISTRY_LEADERSHIP: (
        RoleTask(
            StageKind.FINAL,
            _("Посмотреть презентации медиапроектов всех пяти направлений и их защиту на финале."),
        ),
    ),
    Role.ORGANIZER: (
        RoleTask(StageKind.APPLICATIONS, _("Принимать и разбирать заявки в разделе администрирования.")),
    ),
}
