"""The materialized-path helpers live in `core.paths` now; the migrations still import
`organizations.paths.PathField`, so the names stay here too."""

from core.paths import PATH_END, PathField, subtree_q

__all__ = ["PATH_END", "PathField", "subtree_q"]
