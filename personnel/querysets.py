from organizations.querysets import PathScopedQuerySet


class InCongressQuerySet(PathScopedQuerySet):
    """Committee plans and ballots, scoped by their congress's path copy."""

    path_field = "congress__org_path"


class RoundVoteQuerySet(PathScopedQuerySet):
    """Votes, scoped by their round's path copy."""

    path_field = "round__org_path"
