"""Graph databases that answer ``graph.index.GraphBackend``'s questions (FalkorDB)."""

__all__: list[str] = []
