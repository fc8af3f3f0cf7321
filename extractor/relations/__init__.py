"""Relation extraction parts: candidates, lexicons, rules, features, classifier."""
from .candidates import Actor, ActorFinder, entity_key, make_sentence_pairs
from .classifier import PairClassifier
from .lexicon import Trigger, TriggerIndex, read_roles, read_triggers

__all__ = [
    "Actor", "ActorFinder", "entity_key", "make_sentence_pairs", "PairClassifier",
    "Trigger", "TriggerIndex", "read_roles", "read_triggers",
]
