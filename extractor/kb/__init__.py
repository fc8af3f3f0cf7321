"""The knowledge base: states, organisations, leaders and places as data files.

Each file under kb/data/ holds one kind; `load_kb` reads them (plus any extra
JSONL files a user passes) into plain records and an alias table.
"""
from .loader import KBEntry, KnowledgeBase, load_kb, slugify

__all__ = ["KBEntry", "KnowledgeBase", "load_kb", "slugify"]
