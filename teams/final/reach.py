"""The reach figures as the ministries' view shows them, with no Django in it: rows of
figures in, sums per checkpoint and per platform out.

A figure is a link's total as of a checkpoint (what the platform shows that day), so a
project's reach at a checkpoint is the sum over its links, and a platform's reach is
its links' totals at the latest checkpoint."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

METRICS = ("views", "reactions", "comments", "shares")


@dataclass(frozen=True)
class Figure:
    project_id: int
    checkpoint_id: int
    platform: str
    views: int
    reactions: int
    comments: int
    shares: int


@dataclass
class Totals:
    views: int = 0
    reactions: int = 0
    comments: int = 0
    shares: int = 0

    def add(self, figure: Figure) -> None:
        for name in METRICS:
            setattr(self, name, getattr(self, name) + getattr(figure, name))

    def values(self) -> tuple[int, ...]:
        return tuple(getattr(self, name) for name in METRICS)


@dataclass
class Reach:
    """Sums for one project or a whole team."""

    # checkpoint id -> totals as of it
    by_checkpoint: dict[int, Totals] = field(default_factory=dict)
    # platform -> totals at the latest checkpoint that has figures
    by_platform: dict[str, Totals] = field(default_factory=dict)

    def series(self, checkpoint_ids: Sequence[int]) -> list[tuple[int, ...] | None]:
        """Per checkpoint in order, the four sums, or None where nothing was reported."""
        return [self.by_checkpoint[c].values() if c in self.by_checkpoint else None for c in checkpoint_ids]


def reach_of(figures: Iterable[Figure], checkpoint_order: Sequence[int]) -> Reach:
    figures = list(figures)
    reach = Reach()
    for figure in figures:
        reach.by_checkpoint.setdefault(figure.checkpoint_id, Totals()).add(figure)
    reported = [c for c in checkpoint_order if c in reach.by_checkpoint]
    if reported:
        latest = reported[-1]
        for figure in figures:
            if figure.checkpoint_id == latest:
                reach.by_platform.setdefault(figure.platform, Totals()).add(figure)
    return reach
