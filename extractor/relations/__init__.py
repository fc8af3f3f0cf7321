"""Relation extraction parts: candidates, lexicons, rules, features, classifier."""
from .candidates import Actor, ActorFinder, make_sentence_pairs
from .classifier import PairClassifier
from .lexicon import Trigger, TriggerIndex

__all__ = ["Actor", "ActorFinder", "make_sentence_pairs", "PairClassifier", "Trigger", "TriggerIndex"]
