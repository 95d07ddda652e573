"""What coverage (see :meth:`bot.rerank.Ranker.coverage`) finds for one question, and
the share of the file bonus it gives each candidate."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from .query import Word

Coverage = tuple[dict[int, float], dict[int, int]]  # per passage: share, and words found


class Memo(dict[int, tuple[float, int]]):
    """Per passage: coverage, as found once per question; and the question's words that
    coverage counts, with their weights, heaviest first (see Ranker.coverage)."""

    __slots__ = ("asked",)

    def __init__(self) -> None:
        super().__init__()
        self.asked: list[tuple[float, Word]] | None = None


def file_shares(
    cov: dict[int, float], docs: list[int], files: np.ndarray, bar: float
) -> np.ndarray:
    """Per candidate, its share of the file bonus: in full when a candidate of its file
    (``files``, per candidate) covers ``bar`` of the question, else by the best coverage
    among its file's candidates. Python floats: on a few dozen candidates, numpy's calls
    cost more than the work."""
    of = files.tolist()
    best = dict.fromkeys(of, 0.0)
    for d, f in zip(docs, of):
        best[f] = max(best[f], cov.get(d, 0.0))
    return np.array([min(best[f] / bar, 1.0) for f in of])
