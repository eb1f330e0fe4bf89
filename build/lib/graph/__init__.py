"""Cramp Atlas: a typed, sourced knowledge graph of health writing, as a library.

Data flows one way: ``schema`` -> ``load`` -> ``build`` -> ``query`` / ``layout`` ->
``render`` / ``export``. The Streamlit app and the CLI are thin faces over it.
"""

from .build import build_graph
from .errors import AtlasError, NoPath, SchemaError, UnknownNode
from .load import load_knowledge_base

__all__ = [
    "AtlasError",
    "NoPath",
    "SchemaError",
    "UnknownNode",
    "build_graph",
    "load_knowledge_base",
]
