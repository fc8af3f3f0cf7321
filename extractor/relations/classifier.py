"""The pair classifier: scikit-learn LogisticRegression, kept as plain arrays.

Fitting uses scikit-learn; the fitted model is its vocabulary (JSON), classes
(JSON), `coef_` and `intercept_` (numpy .npy), and prediction is a few lines of
numpy (one logistic per class: a pair may hold several relations, "ally ...
providing support" is COOPERATE, SUPPORT and AID), so loading a model never
unpickles anything. Probabilities are the logistic model's own,
which are reasonably calibrated for a regularised linear model; on data this
small a held-out calibration split would cost more than it buys.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable, Optional, Sequence

import numpy as np

class PairClassifier:
    """A linear multi-class model over sparse feature dicts."""

    def __init__(self, vocab: Optional[dict] = None, classes: Sequence[str] = (),
                 coef: Optional[np.ndarray] = None, intercept: Optional[np.ndarray] = None):
        self.vocab = dict(vocab or {})
        self.classes = list(classes)
        self.coef = coef
        self.intercept = intercept
        self._padded = _padded(coef)

    @property
    def is_fitted(self) -> bool:
        """Whether the model can predict."""
        return bool(self.vocab)

    def fit(self, X: Sequence[Sequence[str]], y: Sequence[Iterable[str]], *, seed: int = 0,
            C: float = 1.0) -> "PairClassifier":
        """Fit one binary logistic model per class (deterministic for a seed).

        X (Sequence[Sequence[str]]): the feature names of each pair.
        y (Sequence[Iterable[str]]): the classes of each pair ('TYPE:fwd' /
            'TYPE:rev'); an empty set means no relation.
        seed (int): random_state of the solver.
        C (float): inverse regularisation strength.
        RETURNS (PairClassifier): self.
        """
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression

        if not X:
            raise ValueError("no candidate pairs to train the relation classifier on")
        vec = DictVectorizer(sort=True)
        matrix = vec.fit_transform([dict.fromkeys(names, 1.0) for names in X])
        self.vocab = {name: i for i, name in enumerate(vec.get_feature_names_out())}
        labels = [set(labs) for labs in y]
        self.classes = sorted(c for c in set().union(*labels) if not all(c in s for s in labels))
        rows, biases = [], []
        for cls in self.classes:
            target = np.array([cls in s for s in labels], dtype=int)
            model = LogisticRegression(C=C, class_weight="balanced", max_iter=5000, random_state=seed)
            model.fit(matrix, target)
            rows.append(model.coef_[0])
            biases.append(model.intercept_[0])
        self.coef = np.asarray(rows, dtype=np.float64).reshape(len(rows), len(self.vocab))
        self.intercept = np.asarray(biases, dtype=np.float64)
        self._padded = _padded(self.coef)
        return self

    def predict(self, rows: Sequence[Sequence[str]]) -> list[dict]:
        """The probability of each class for each pair, from its feature names (unknown ones
        weigh nothing), all in a few array operations.

        rows (Sequence[Sequence[str]]): the feature names of each pair.
        RETURNS (list[dict]): per pair, class -> probability (classes are independent).
        """
        if self.coef is None or not self.classes or not rows:
            return [{} for _ in rows]
        vocab, flat, starts = self.vocab, [], []
        for names in rows:
            starts.append(len(flat))
            flat += {vocab[name] for name in names if name in vocab}
            flat.append(-1)  # the zero row: no pair is empty for reduceat
        scores = np.add.reduceat(self._padded[np.array(flat, dtype=np.intp)], np.array(starts, dtype=np.intp))
        probs = 1.0 / (1.0 + np.exp(-(scores + self.intercept)))
        return [dict(zip(self.classes, row)) for row in probs.tolist()]

    def to_dict(self) -> dict:
        """Plain data: JSON-able metadata plus numpy arrays."""
        meta = {"vocab": sorted(self.vocab, key=self.vocab.get), "classes": self.classes}
        return {"meta": meta, "coef": self.coef, "intercept": self.intercept}

    @classmethod
    def from_dict(cls, data: dict) -> "PairClassifier":
        """Rebuild from `to_dict` output."""
        vocab = {name: i for i, name in enumerate(data["meta"]["vocab"])}
        return cls(vocab, data["meta"]["classes"], data.get("coef"), data.get("intercept"))

    def to_disk(self, path: Path) -> None:
        """Write meta.json, and coef.npy / intercept.npy when fitted."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        data = self.to_dict()
        (path / "meta.json").write_text(json.dumps(data["meta"]), encoding="utf-8")
        if self.coef is not None:
            np.save(path / "coef.npy", self.coef, allow_pickle=False)
            np.save(path / "intercept.npy", self.intercept, allow_pickle=False)

    @classmethod
    def from_disk(cls, path: Path) -> "PairClassifier":
        """Read what `to_disk` wrote (numpy arrays loaded with allow_pickle=False)."""
        path = Path(path)
        if not (path / "meta.json").exists():
            return cls()
        data = {"meta": json.loads((path / "meta.json").read_text(encoding="utf-8"))}
        if (path / "coef.npy").exists():
            data["coef"] = np.load(path / "coef.npy", allow_pickle=False)
            data["intercept"] = np.load(path / "intercept.npy", allow_pickle=False)
        return cls.from_dict(data)

    def to_bytes(self) -> bytes:
        """Serialise to bytes (JSON with arrays as nested lists)."""
        data = self.to_dict()
        arrays = {k: None if data[k] is None else data[k].tolist() for k in ("coef", "intercept")}
        return json.dumps({"meta": data["meta"], **arrays}).encode("utf-8")

    @classmethod
    def from_bytes(cls, raw: bytes) -> "PairClassifier":
        """Rebuild from `to_bytes` output."""
        data = json.loads(raw.decode("utf-8"))
        for key in ("coef", "intercept"):
            data[key] = None if data.get(key) is None else np.asarray(data[key], dtype=np.float64)
        return cls.from_dict(data)


def _padded(coef: Optional[np.ndarray]) -> Optional[np.ndarray]:
    """`coef` transposed (a row of class weights per column, read in one block) with
    a row of zeros last (column -1 weighs nothing)."""
    return None if coef is None else np.vstack([coef.T, np.zeros((1, coef.shape[0]))])
