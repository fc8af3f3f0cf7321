"""Per-type thresholds for the relations no rule proposes, chosen on held-out folds of the gold.

The classifier proposes a class (type and direction) on a pair no rule proposed it for only
when training held at least MIN_EXAMPLES annotated relations of that type (a type with
fewer gets no threshold: the classifier only rescores the rules' proposals of it, as
before). For such a type the training documents are split into FOLDS folds (by document,
seeded); a classifier fitted on the other folds scores each pair of a fold in the classes
no rule proposed for it. The threshold is the probability that maximises the type's
pair-level F1 over all folds (the rules' pairs plus the proposals at or above it) among
those that add at least MIN_FOLD_TP correct proposals, raise that F1 above the rules' own,
and are at least as precise as the rules (as MIN_PRECISION when the rules propose none):
a type whose proposals would lower precision on the folds gets no threshold. Only the
training documents are used.
"""
from __future__ import annotations

import random
from itertools import groupby
from typing import Callable, NamedTuple, Sequence

MIN_EXAMPLES = 8  # annotated relations of a type before the classifier may propose it
FOLDS = 5
MIN_FOLD_TP = 2  # correct fold proposals a threshold must add
MIN_PRECISION = 0.5  # least fold precision of the proposals of a type no rule proposes
FLOOR = 0.5  # no threshold below this probability


class PairRow(NamedTuple):
    """One candidate pair: its features, gold classes and the classes rules propose."""

    features: list
    gold: set
    rules: set


def type_of(cls: str) -> str:
    """'AID:fwd' -> 'AID'."""
    return cls.split(":")[0]


def type_counts(rows: Sequence[PairRow]) -> dict:
    """Annotated relations (pair classes) per type."""
    counts: dict = {}
    for row in rows:
        for cls in row.gold:
            counts[type_of(cls)] = counts.get(type_of(cls), 0) + 1
    return counts


def fold_thresholds(per_doc: Sequence[Sequence[PairRow]], fit: Callable, *, seed: int = 0,
                    min_examples: int = MIN_EXAMPLES, folds: int = FOLDS) -> dict:
    """The thresholds of the types the classifier may propose (see the module docstring).

    per_doc (Sequence[Sequence[PairRow]]): the candidate pairs of each training document.
    fit (Callable): (features, gold classes) -> a fitted PairClassifier.
    seed (int): the fold shuffle's seed.
    min_examples (int): least annotated relations of a type.
    folds (int): most folds (never more than the documents).
    RETURNS (dict): type -> least probability, for the types that earned one.
    """
    rows = [row for doc in per_doc for row in doc]
    eligible = {t for t, n in type_counts(rows).items() if n >= min_examples}
    k = min(folds, len(per_doc))
    if not eligible or k < 2:
        return {}
    order = list(range(len(per_doc)))
    random.Random(seed).shuffle(order)
    scored: list[tuple[float, bool, str]] = []  # (p, gold, type) of each class no rule proposed
    for fold in range(k):
        held = set(order[fold::k])
        train = [row for i, doc in enumerate(per_doc) if i not in held for row in doc]
        test = [row for i in sorted(held) for row in per_doc[i]]
        # each class is its own binary model: only the eligible types' are fitted
        labels = [{c for c in r.gold if type_of(c) in eligible} for r in train]
        if not test or not any(labels):
            continue
        clf = fit([r.features for r in train], labels)
        for row, probs in zip(test, clf.predict([r.features for r in test])):
            scored += [(p, cls in row.gold, type_of(cls)) for cls, p in probs.items()
                       if type_of(cls) in eligible and cls not in row.rules]
    return {t: th for t in sorted(eligible) if (th := _best(rows, [(p, g) for p, g, u in scored if u == t], t))}


def _best(rows: Sequence[PairRow], scored: list[tuple[float, bool]], rel_type: str):
    """The threshold of one type, None when no cut helps."""
    tp = fp = fn = 0
    for row in rows:
        gold = {c for c in row.gold if type_of(c) == rel_type}
        rules = {c for c in row.rules if type_of(c) == rel_type}
        tp, fp, fn = tp + len(gold & rules), fp + len(rules - gold), fn + len(gold - rules)
    floor = tp / (tp + fp) if tp + fp else MIN_PRECISION
    best, best_f, add_tp, add_fp = None, _f1(tp, fp, fn), 0, 0
    for p, group in groupby(sorted(scored, reverse=True), key=lambda x: x[0]):
        if p < FLOOR:
            break
        marks = [correct for _, correct in group]  # pairs of equal probability go in together
        add_tp, add_fp = add_tp + sum(marks), add_fp + len(marks) - sum(marks)
        f1 = _f1(tp + add_tp, fp + add_fp, fn - add_tp)
        if add_tp >= MIN_FOLD_TP and add_tp / (add_tp + add_fp) >= floor and f1 > best_f:
            best, best_f = p, f1
    return None if best is None else round(best - 1e-6, 6)


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0
