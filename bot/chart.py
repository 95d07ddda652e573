"""Salary ranges as a PNG range-bar chart (matplotlib, no display needed).

CPU work: the Discord layer calls :func:`salary_chart` in a worker thread.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")  # no display; must come before pyplot is imported anywhere
from matplotlib.figure import Figure

from .salary import SalaryFact

MAX_BARS = 25


def _label(fact: SalaryFact) -> str:
    text = fact.label if fact.level is None else f"{fact.role} · {fact.label}"
    return text if len(text) <= 40 else text[:39] + "…"


def draw(facts: Sequence[SalaryFact]) -> Figure:
    """One horizontal bar per fact, from min to max; an open top end fades out."""
    facts = [f for f in facts if f.min is not None or f.max is not None][:MAX_BARS]
    fig = Figure(figsize=(8, 0.5 + 0.45 * max(len(facts), 1)), dpi=100)
    ax = fig.add_subplot()
    currencies = sorted({f.currency for f in facts})
    periods = sorted({f.period for f in facts})
    for y, fact in enumerate(reversed(facts)):
        lo = fact.min if fact.min is not None else fact.max
        assert lo is not None  # facts without either end were dropped above
        hi = fact.max if fact.max is not None else lo * 1.25
        ax.barh(
            y,
            max(hi - lo, lo * 0.01),
            left=lo,
            height=0.55,
            color="#5865F2",
            hatch="//" if fact.open_ended else None,
            edgecolor="white",
        )
        ax.text(
            hi,
            y,
            f"  {_fmt(lo)}–{_fmt(fact.max)}{'+' if fact.open_ended else ''}",
            va="center",
            fontsize=8,
        )
    ax.set_yticks(range(len(facts)), [_label(f) for f in reversed(facts)], fontsize=8)
    ax.set_xlabel(f"{'/'.join(currencies) or '?'} per {'/'.join(periods) or '?'}")
    ax.xaxis.set_major_formatter(lambda v, _: _fmt(v))
    ax.margins(x=0.25)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig


def _fmt(v: float | None) -> str:
    if v is None:
        return ""
    return f"{v / 1000:,.0f}k" if abs(v) >= 10_000 else f"{v:,.0f}"


def salary_chart(facts: Sequence[SalaryFact]) -> bytes:
    """The chart as PNG bytes."""
    buf = io.BytesIO()
    draw(facts).savefig(buf, format="png")
    return buf.getvalue()
