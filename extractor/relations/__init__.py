"""Relation extraction parts: the Doc view, actors, triggers, roles, proposals, context,
features and the classifier."""
from .actors import Actor
from .classifier import PairClassifier
from .triggers import Trigger, TriggerIndex, trigger_from_record

__all__ = ["Actor", "PairClassifier", "Trigger", "TriggerIndex", "trigger_from_record"]
