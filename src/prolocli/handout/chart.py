"""The handout's evidence chart: bar geometry for the SVG in the template.

A bar's length is the study type of the strongest evidence; its label says
what that evidence found, so a long bar is never read as a good result.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from prolocli import evidence as ev
from prolocli.handout.build import EvidenceBars, brief


@dataclass(frozen=True)
class ChartBar:
    y: float
    width: float
    label: str
    solid: bool


@dataclass(frozen=True)
class ChartGroup:
    name: str
    name_y: float
    bars: tuple[ChartBar, ...]


@dataclass(frozen=True)
class ChartLayout:
    """SVG geometry in user units (about one point each when printed)."""

    width: int
    height: float
    bar_x: int
    bar_max: int
    bar_height: int
    groups: tuple[ChartGroup, ...]
    ticks: tuple[tuple[float, str], ...]
    region: str


_BAR_X, _BAR_MAX, _BAR_H, _GAP = 58, 220, 7, 2
_CHART_W = _BAR_X + _BAR_MAX + 190  # room for the "level n" label after the longest bar


def _bar_length(level: int | None) -> float:
    return 0.0 if level is None else _BAR_MAX * (6 - level) / 5


def chart_layout(bars: Sequence[EvidenceBars], region: str) -> ChartLayout:
    """Level 1 (strongest) draws the longest bar; no evidence leaves the track empty."""
    groups = []
    y = 2.0
    for item in bars:
        name_y = y + 7
        pair = (item.here, item.here_finding, True), (item.anywhere, item.anywhere_finding, False)
        rows = tuple(
            ChartBar(
                name_y + 2 + i * (_BAR_H + _GAP),
                _bar_length(level),
                # The finding goes with the study type: a long bar can mean
                # a strong study that found no benefit.
                "no study" if level is None else f"{ev.STUDY_TYPE_SHORT[level]}: {brief(found, 44)}",
                solid,
            )
            for i, (level, found, solid) in enumerate(pair)
        )
        groups.append(ChartGroup(item.name, name_y, rows))
        y = name_y + 2 + 2 * (_BAR_H + _GAP) + 1
    ticks = tuple((_BAR_X + _bar_length(lv), str(lv)) for lv in range(5, 0, -1))
    return ChartLayout(_CHART_W, y + 12, _BAR_X, _BAR_MAX, _BAR_H, tuple(groups), ticks, region)
