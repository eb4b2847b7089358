from organizations.querysets import PathScopedQuerySet


class AuditEventQuerySet(PathScopedQuerySet):
    """Events scoped by the path of the organization they concern (empty: none)."""

    path_field = "organization_path"
