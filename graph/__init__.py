"""Cramp Atlas: a typed, sourced knowledge graph of health writing, as a library.

Data flows one way: ``schema`` -> ``load`` -> ``build`` -> ``query`` / ``layout`` ->
``render`` / ``export``. The Streamlit app and the CLI are thin faces over it.

``build_graph`` and ``load_knowledge_base`` are imported on first use, so a program that
needs only part of the package (the large-graph engine, say) does not pay for the
knowledge-base schema's models at start-up.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from .errors import AtlasError, NoPath, SchemaError, UnknownNode

if TYPE_CHECKING:
    from .build import build_graph
    from .load import load_knowledge_base

__all__ = [
    "AtlasError",
    "NoPath",
    "SchemaError",
    "UnknownNode",
    "build_graph",
    "load_knowledge_base",
]

_LAZY = {"build_graph": ".build", "load_knowledge_base": ".load"}


def __getattr__(name: str) -> object:
    """``build_graph`` and ``load_knowledge_base``, imported when first asked for."""
    if name in _LAZY:
        return getattr(import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
