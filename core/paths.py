"""Materialized-path helpers shared by every model that carries an organization path.

A subtree is the range `path >= prefix AND path < prefix + "~"`: paths use only 0-9A-Z, which
sort below "~", so the range holds exactly the prefix and its descendants. Unlike `LIKE 'p%'`
it uses an ordinary B-tree index on SQLite and PostgreSQL alike (the path columns use the "C"
collation on PostgreSQL so that byte order is the sort order).
"""

from django.db import models
from django.db.models import Q

PATH_END = "~"


def subtree_q(prefix, field="path"):
    """Q matching `prefix` itself and every path below it."""
    return Q(**{f"{field}__gte": prefix, f"{field}__lt": prefix + PATH_END})


class PathField(models.CharField):
    """A CharField compared byte by byte: "C" collation on PostgreSQL, BINARY elsewhere."""

    def db_parameters(self, connection):
        params = super().db_parameters(connection)
        if connection.vendor == "postgresql":
            params["collation"] = "C"
        return params
