"""The output contract of SCHEMA.md (version 1) as pydantic models.

Field names and order follow the schema exactly; the constants below are the
single place where labels, relation types and argument constraints live.
"""
from __future__ import annotations

from typing import Literal, Optional, Tuple

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1"

ENTITY_LABELS = ("LEADER", "STATE", "ORG", "LOCATION", "DATE")
ACTOR_LABELS = frozenset({"LEADER", "STATE", "ORG"})
STATIC_TYPES = ("LEADER_OF", "OFFICIAL_OF")
INTERACTION_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT",
    "REQUEST", "REJECT", "THREATEN", "PROTEST", "MOBILIZE", "COERCE",
    "ACCUSE", "SANCTION", "ASSAULT",
)
RELATION_TYPES = STATIC_TYPES + INTERACTION_TYPES
SYMMETRIC_TYPES = frozenset({"CONSULT", "COOPERATE", "AGREE"})
CONSULT_MODES = ("letter", "talks", "meeting", "visit", "call")
MODALITIES = ("asserted", "future", "hypothetical", "alleged")
DOC_DATE_SOURCES = ("given", "metadata", "dateline", "filename")

Modality = Literal["asserted", "future", "hypothetical", "alleged"]
DocDateSource = Literal["given", "metadata", "dateline", "filename"]
EntityLabel = Literal["LEADER", "STATE", "ORG", "LOCATION", "DATE"]
RelationType = Literal[
    "LEADER_OF", "OFFICIAL_OF", "AGREE", "CONSULT", "SUPPORT", "COOPERATE",
    "AID", "CONCEDE", "RETREAT", "REQUEST", "REJECT", "THREATEN", "PROTEST",
    "MOBILIZE", "COERCE", "ACCUSE", "SANCTION", "ASSAULT",
]


def allowed_arguments(rel_type: str) -> tuple[frozenset, frozenset]:
    """Labels a relation type allows as head and as tail.

    rel_type (str): a relation type of RELATION_TYPES.
    RETURNS (tuple): (head labels, tail labels).
    """
    if rel_type in STATIC_TYPES:
        return frozenset({"LEADER"}), frozenset({"STATE", "ORG"})
    if rel_type == "ASSAULT":
        return ACTOR_LABELS, ACTOR_LABELS | {"LOCATION"}
    return ACTOR_LABELS, ACTOR_LABELS


class Entity(BaseModel):
    """One entity mention: a `[start, end)` span of the original text."""

    model_config = ConfigDict(extra="forbid")

    id: str
    text: str
    label: EntityLabel
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    canonical: Optional[str] = None
    kb_id: Optional[str] = None
    state: Optional[str] = None
    value: Optional[str] = None


class Relation(BaseModel):
    """A typed relation between two entity mentions of one document."""

    model_config = ConfigDict(extra="forbid")

    type: RelationType
    head: str
    tail: str
    date: Optional[str] = None
    negated: bool = False
    evidence: Tuple[int, int]
    confidence: float = Field(ge=0.0, le=1.0)
    role: Optional[str] = None
    mode: Optional[str] = None
    modality: Optional[Modality] = None
    pattern: Optional[str] = None
    source: Optional[Literal["rules", "parse", "classifier"]] = None


class Reference(BaseModel):
    """A pronoun or description that stands for an actor ("he", "the country", "the US
    president"): the entity it refers to, or, for an office-holder the text does not name,
    the KB's holder on the document's date (kb_id, canonical, state; `refers_to` null)."""

    model_config = ConfigDict(extra="forbid")

    text: str
    label: EntityLabel
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    refers_to: Optional[str] = None
    canonical: Optional[str] = None
    kb_id: Optional[str] = None
    state: Optional[str] = None


class _EntityLookup:
    """`entity(id)`: the entity a relation's head, tail or date names."""

    def entity(self, ent_id: Optional[str]) -> Optional[Entity]:
        """The entity with this id (None for None, as a relation without a date gives).

        ent_id (Optional[str]): e.g. `rel.head`, `rel.tail` or `rel.date`.
        RETURNS (Optional[Entity]): the entity; KeyError when no entity has the id.
        """
        if ent_id is None:
            return None
        for ent in self.entities:
            if ent.id == ent_id:
                return ent
        raise KeyError(f"no entity has id {ent_id!r} in document {self.doc_id!r}")


class Document(_EntityLookup, BaseModel):
    """The output object for one input document."""

    model_config = ConfigDict(extra="forbid")

    schema_version: Literal["1"] = SCHEMA_VERSION
    doc_id: Optional[str] = None
    doc_date: Optional[str] = None
    entities: list[Entity] = Field(default_factory=list)
    relations: list[Relation] = Field(default_factory=list)
    error: Optional[str] = None
    doc_date_source: Optional[DocDateSource] = None
    references: list[Reference] = Field(default_factory=list)


class GoldRelation(BaseModel):
    """A gold relation: a Relation without `confidence`."""

    model_config = ConfigDict(extra="forbid")

    type: RelationType
    head: str
    tail: str
    date: Optional[str] = None
    negated: bool = False
    evidence: Tuple[int, int]
    role: Optional[str] = None
    mode: Optional[str] = None
    modality: Optional[Modality] = None


class GoldDocument(_EntityLookup, BaseModel):
    """A gold document: the output object plus the whole `text`."""

    model_config = ConfigDict(extra="forbid")

    schema_version: Literal["1"] = SCHEMA_VERSION
    doc_id: Optional[str] = None
    doc_date: Optional[str] = None
    text: str
    entities: list[Entity] = Field(default_factory=list)
    relations: list[GoldRelation] = Field(default_factory=list)
    error: Optional[str] = None
