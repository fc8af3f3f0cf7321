"""extractor: international-politics news to a typed, evaluated knowledge graph."""
from .api import extract, extract_many
from .pipeline import load
from .schema import Document, Entity, Relation

__all__ = ["extract", "extract_many", "load", "Document", "Entity", "Relation"]
