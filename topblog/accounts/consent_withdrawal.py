"""What follows a withdrawal of consent, from every app that holds something it depends
on: each app registers, from its AppConfig.ready(), a function that says what will
happen to this person's data (shown before they confirm) and one that carries it out
through its own services, in the withdrawal's transaction. So a later app (an
application that cannot go on without consent to processing) reacts without this lower
app knowing it exists.
"""

from collections.abc import Callable
from dataclasses import dataclass

from topblog.accounts.models import User


@dataclass(frozen=True)
class Consequence:
    describe: Callable[[User, str], list[str]]
    carry_out: Callable[[User, str], None]


_consequences: dict[str, Consequence] = {}


def register_consequence(
    name: str, *, describe: Callable[[User, str], list[str]], carry_out: Callable[[User, str], None]
) -> None:
    """``describe(user, kind)`` returns sentences for the person, ``carry_out(user,
    kind)`` does it; both for a withdrawal of consent of ``kind``."""
    _consequences[name] = Consequence(describe=describe, carry_out=carry_out)


def consequences_described(*, user: User, kind: str) -> list[str]:
    return [line for consequence in _consequences.values() for line in consequence.describe(user, kind)]


def consequences_carry_out(*, user: User, kind: str) -> None:
    for consequence in _consequences.values():
        consequence.carry_out(user, kind)
