from organizations.querysets import PathScopedQuerySet


class ReportJobQuerySet(PathScopedQuerySet):
    """Jobs about organizations inside the user's subtrees, whoever requested them."""

    path_field = "organization__path"
