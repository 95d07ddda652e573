"""Adding up impact posting lists: the scores of a query's clauses, and the passages
among those the lists touched that can be among the ``k`` best.

The layout is described in :mod:`bot.index.format`; :class:`bot.index.search.SearchIndex`
calls these on its arrays (passages, or whole files).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

import numpy as np

CANDIDATES_UNIQUE_MAX = 5_000  # touched postings sorted whole; past this, partitioned first
RAREST_FIRST_MIN = 2_000  # touched postings worth trying to skip common words for
RAREST_SHARES = (4, 2)  # the rarest lists tried: 1/4, then 1/2 of the entries
CEILING_MARGIN = 1e-4  # relative: far above float32 rounding (see _among_rarest)

Clauses = Iterable[tuple[Sequence[str], float]]  # (terms, weight): see SearchIndex.scores
ListMax = Callable[[int], np.float32]  # a term's largest impact


def touched_passages(
    scores: np.ndarray,
    k: int,
    candidates: list[np.ndarray],
    ceilings: Sequence[float] | None = None,
) -> np.ndarray:
    """The distinct passages among the posting lists a query touched that can be among
    the ``k`` best (see SearchIndex.top_k)."""
    if len(candidates) == 1:
        return candidates[0]  # one term's postings: distinct passages, in order
    if ceilings is not None and sum(len(c) for c in candidates) >= RAREST_FIRST_MIN:
        rarest = _among_rarest(scores, k, candidates, ceilings)
        if rarest is not None:
            return rarest
    cand = np.concatenate(candidates) if candidates else np.zeros(0, np.int64)
    if len(cand) > CANDIDATES_UNIQUE_MAX:
        best = _best_entries(scores, k, cand, len(candidates))
        if len(best) >= k:
            return best
    return _unique(cand)


def clause_sum(
    size: int,
    ptr: np.ndarray,
    ids: np.ndarray,
    impacts: np.ndarray,
    clauses: Clauses,
    term_ids: Mapping[str, int],
    out: np.ndarray | None = None,
) -> np.ndarray:
    """Scores of ``size`` documents (passages, or whole files) as the weighted sum of the
    clauses over CSR impact postings, added to ``out`` when given.

    A clause ``(terms, weight)`` adds ``weight`` times the best impact among its terms, so
    a group of synonyms counts once. Impacts are added with ``np.add.at`` (``a[i] += v`` is
    a gather and a scatter, about twice as slow here) on the ids widened to intp first:
    given the stored int32 ids, it casts them in small buffers as it goes, which takes more
    instructions than one cast of the whole list (16% more on a list of 20,000 ids).
    """
    return scored_lists(size, ptr, ids, impacts, clauses, term_ids, None, out)[0]


def scored_lists(
    size: int,
    ptr: np.ndarray,
    ids: np.ndarray,
    impacts: np.ndarray,
    clauses: Clauses,
    term_ids: Mapping[str, int],
    list_max: ListMax | None,
    out: np.ndarray | None = None,
) -> tuple[np.ndarray, list[np.ndarray], list[float]]:
    """:func:`clause_sum`, and with ``list_max`` also :func:`posting_lists` of the same
    clauses, in one pass: each clause's terms are looked up once."""
    fresh = out is None  # all zeros yet: the first list is put, not added (0 + v is v)
    out = np.zeros(size, dtype=np.float32) if out is None else out
    touched: list[np.ndarray] = []
    ceilings: list[float] = []
    for terms, weight in clauses:
        found = _found(terms, term_ids)
        if not found:
            continue
        if len(found) == 1:
            lo, hi = ptr[found[0] : found[0] + 2].tolist()
            listed = ids[lo:hi]
            vals = impacts[lo:hi] if weight == 1.0 else impacts[lo:hi] * np.float32(weight)
            if fresh:  # a list holds each id once: a put, not a gather and a scatter
                out[listed.astype(np.intp)] = vals
            else:
                np.add.at(out, listed.astype(np.intp), vals)
            if list_max is not None:  # the list just read, and the most it adds
                touched.append(listed)
                ceilings.append(_ceiling(list_max(found[0]), weight))
        else:
            best = np.zeros(size, dtype=np.float32)  # synonyms: the best impact among them
            for i in found:
                at = ids[ptr[i] : ptr[i + 1]].astype(np.intp)
                np.maximum.at(best, at, impacts[ptr[i] : ptr[i + 1]])
            out += best if weight == 1.0 else best * np.float32(weight)
            if list_max is not None:
                lists, most = _clause_lists(ptr, ids, found, weight, list_max)
                touched += lists
                ceilings += most
        fresh = False
    return out, touched, ceilings


def posting_lists(
    ptr: np.ndarray,
    ids: np.ndarray,
    clauses: Clauses,
    term_ids: Mapping[str, int],
    list_max: ListMax,
) -> tuple[list[np.ndarray], list[float]]:
    """The posting lists of the clauses, in order (each holds distinct ids, sorted), and
    the most each adds to a score (see touched_passages)."""
    touched: list[np.ndarray] = []
    ceilings: list[float] = []
    for terms, weight in clauses:
        found = _found(terms, term_ids)
        if found:
            lists, most = _clause_lists(ptr, ids, found, weight, list_max)
            touched += lists
            ceilings += most
    return touched, ceilings


def clause_rows(
    lo: int,
    hi: int,
    ptr: np.ndarray,
    ids: np.ndarray,
    impacts: np.ndarray,
    clauses: Clauses,
    term_ids: Mapping[str, int],
) -> list[np.ndarray]:
    """Per clause, the impact of its best term in each of documents ``lo`` to ``hi - 1``,
    weights not applied (see :func:`clause_sum`). A posting list is sorted, so a range of
    documents is one short slice of it, found by bisection, never a pass over the list.

    The first list that holds some of the documents puts its impacts in the row (all zeros
    yet, and impacts are positive: the largest is the impact), which most clauses, of one
    term, need alone; a synonym's list after it keeps the larger of the two."""
    out = []
    # in the lists' own type: searched for Python ints (int64), an int32 list is copied whole
    bounds = np.array([lo, hi], dtype=ids.dtype)
    for terms, _ in clauses:
        row = np.zeros(hi - lo, dtype=np.float32)
        fresh = True
        for i in _found(terms, term_ids):
            a, b = ptr[i : i + 2].tolist()
            docs = ids[a:b]
            s, e = docs.searchsorted(bounds).tolist()
            if e > s:
                at = docs[s:e].astype(np.intp) - lo
                vals = impacts[a + s : a + e]
                row[at] = vals if fresh else np.maximum(row[at], vals)
                fresh = False
        out.append(row)
    return out


def _found(terms: Sequence[str], term_ids: Mapping[str, int]) -> list[int]:
    """The ids of the terms the index has."""
    return [term_ids[t] for t in terms if t in term_ids]


def _clause_lists(
    ptr: np.ndarray, ids: np.ndarray, found: list[int], weight: float, list_max: ListMax
) -> tuple[list[np.ndarray], list[float]]:
    """One clause's posting lists (distinct ids, in order) and the most each adds: its
    largest impact times the weight, in float32 as the scores are added."""
    lists = [ids[ptr[i] : ptr[i + 1]] for i in found]
    if len(found) == 1:
        return lists, [_ceiling(list_max(found[0]), weight)]
    w = float(np.float32(weight))
    return lists, [float(list_max(i)) * w for i in found]


def _ceiling(most: np.float32, weight: float) -> float:
    """The most a one-term clause's list adds to a score: its largest impact times the
    weight, in float32 as the scores are added."""
    return float(most if weight == 1.0 else most * np.float32(weight))


def _among_rarest(
    scores: np.ndarray, k: int, candidates: list[np.ndarray], ceilings: Sequence[float]
) -> np.ndarray | None:
    """The passages of the shortest lists (rare words) that score at least the ``k``-th
    best of them, when that ``k``-th best is above the most the other lists (common words)
    can add up to: a passage found by those alone then scores less than ``k`` others. None
    when no short enough set of lists does.

    The more lists are read, the higher their ``k``-th best and the less the others can
    add: the shortest lists that hold at most a quarter of the entries are tried, then
    those that hold at most half (RAREST_SHARES), each time in a few calls over all their
    entries rather than a few calls per list.
    """
    order = sorted(range(len(candidates)), key=lambda i: len(candidates[i]))
    total = sum(len(c) for c in candidates)
    n = size = tried = 0  # the lists read, and their entries
    for share in RAREST_SHARES:
        while n < len(order) - 1 and (size + len(candidates[order[n]])) * share <= total:
            size += len(candidates[order[n]])
            n += 1
        if size < k or n == tried:
            continue
        tried = n
        found = _passing(scores, k, [candidates[i] for i in order[:n]])
        if found is None:
            continue
        docs, kth = found
        # float32 sums round: a relative margin far above their error keeps this exact
        if kth > sum(ceilings[j] for j in order[n:]) * (1 + CEILING_MARGIN):
            return docs
    return None


def _passing(scores: np.ndarray, k: int, kept: list[np.ndarray]) -> tuple[np.ndarray, float] | None:
    """The passages of the lists that score at least the ``k``-th best of them, and that
    ``k``-th best score; None when they hold fewer than ``k`` passages."""
    docs = _best_entries(scores, k, np.concatenate(kept), len(kept)) if len(kept) > 1 else kept[0]
    if len(docs) < k:
        return None
    vals = scores.take(docs)
    kth = np.partition(vals, len(vals) - k)[len(vals) - k]
    return docs[vals >= kth], float(kth)


def _best_entries(scores: np.ndarray, k: int, entries: np.ndarray, lists: int) -> np.ndarray:
    """The distinct passages among the ``k * lists`` best of ``entries``, the passages of
    ``lists`` posting lists concatenated (with every entry tied with the last of them).

    A passage is listed at most once per list, so they hold every passage that scores at
    least the ``k``-th best passage of the lists, and at least ``k`` passages unless the
    lists hold fewer. Partitioning the entries' scores (values only) is several times
    faster than sorting the entries to make them distinct.
    """
    keep = k * lists
    if len(entries) <= keep:
        return _unique(entries)
    vals = scores.take(entries)
    kth = np.partition(vals, len(vals) - keep)[len(vals) - keep]
    return _unique(entries[vals >= kth])


def _unique(a: np.ndarray) -> np.ndarray:
    """Sorted unique values; several times faster than numpy 2's hash-based np.unique here."""
    a = np.sort(a)
    return a[np.concatenate(([True], a[1:] != a[:-1]))] if len(a) else a


def distinct(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(a, return_inverse=True)`` for a non-empty 1-d array: the same arrays,
    several times faster on the thousand or so terms of a few passages, where the steps of
    ``np.unique`` cost more than the work."""
    order = a.argsort()
    ordered = a.take(order)
    first = np.empty(len(a), dtype=bool)  # where each distinct value starts, in order
    first[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    inverse = np.empty(len(a), dtype=np.intp)
    inverse[order] = first.cumsum() - 1
    return ordered[first], inverse


def folder_runs(folder_of: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The runs of files of one folder: where each starts, with the end of the last after
    them (int32, as file postings are), and each run's folder. Files are numbered in the
    order of their paths, so a folder's files mostly stand in a row: a corpus of 17k files
    in 79 folders has 97 runs."""
    starts = np.flatnonzero(np.diff(folder_of)) + 1
    bounds = np.concatenate(([0], starts, [len(folder_of)])).astype(np.int32)
    return bounds, folder_of[bounds[:-1]]


def folder_lift(
    folder_of: np.ndarray,
    sizes: np.ndarray,
    holding: np.ndarray,
    prior: float,
    floor: float,
    runs: tuple[np.ndarray, np.ndarray] | None = None,
) -> np.ndarray:
    """How much each folder, more than the corpus as a whole, holds one term.

    ``folder_of`` is each file's folder, ``sizes`` each folder's number of files, and
    ``holding`` the files that hold the term, in order. A term in a share ``r`` of all
    files and in ``c`` of a folder's ``n`` files is ``lift = (c - 1 + prior * r) / (n +
    prior) / r`` times as common there. One file fewer is counted, so one file's use of a word never
    makes its folder stand out (a file alone in its folder gets nothing for its own words,
    which its BM25 has counted already), and ``prior`` more files at the corpus's rate
    keep a folder of few files from standing out by two. Returns ``log(lift / floor)``,
    0 up to ``floor``; all 0 for a term no file holds.

    ``c`` is counted run by run (:func:`folder_runs`, given as ``runs`` or found here): a
    bisection of ``holding`` per run, not a look-up of every file that holds a common word.
    """
    if not len(holding):
        return np.zeros(len(sizes))
    rate = len(holding) / len(folder_of)
    bounds, folders = folder_runs(folder_of) if runs is None else runs
    per_run = np.diff(holding.searchsorted(bounds))
    counts = np.bincount(folders, weights=per_run, minlength=len(sizes))  # whole numbers
    held = np.maximum(counts - 1, 0)
    lift = (held + prior * rate) / (sizes + prior) / rate
    out: np.ndarray = np.log(np.maximum(lift / floor, 1.0))
    return out
