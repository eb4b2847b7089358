"""The one queryset API of scope: every model placed in the organization tree answers
`in_subtree(organization)`, `visible_to(user)` and `writable_by(user)`.

A subtree is one range on a path column (`core.paths.subtree_q`); which column is the class's
`path_field`: `org_path` for the rows that keep a copy of their organization's path
(`organizations.models.InOrganization`), `path` for the organizations themselves, or a path
reached through a relation (`congress__org_path`) for rows that hang off such a row. Scope
is assembled here and in `organizations.access`, nowhere else (tests/test_scoping_api.py).
"""

from django.db import models
from django.db.models import Q
from treebeard.mp_tree import MP_NodeQuerySet

from core import bulk
from core.paths import subtree_q
from organizations import access


class PathScopedMixin:
    path_field = "org_path"

    def in_subtree(self, organization):
        """Rows of `organization` (or of a path) and of everything below it: one range."""
        path = organization if isinstance(organization, str) else organization.path
        return self.filter(subtree_q(path, self.path_field))

    def in_subtrees(self, organizations):
        """Rows of any of `organizations` (organizations or paths) and of everything below."""
        query = Q()
        for organization in organizations:
            path = organization if isinstance(organization, str) else organization.path
            query |= subtree_q(path, self.path_field)
        return self.filter(query) if query else self.none()

    def on_paths(self, paths):
        """Rows of exactly the organizations at `paths` (not what stands below them)."""
        return self.filter(**{f"{self.path_field}__in": paths})

    def visible_to(self, user):
        """Rows inside the subtrees granted to `user` (see organizations.access)."""
        return self.filter(access.visible_path_q(user, self.path_field))

    def writable_by(self, user):
        """Rows inside the subtrees where `user` holds a role that may write."""
        return self.filter(access.writable_path_q(user, self.path_field))

    def granted_to(self, user, roles):
        """Rows inside the subtrees where `user` holds one of `roles`."""
        return self.filter(access.granted_path_q(user, self.path_field, roles))


class PathScopedQuerySet(PathScopedMixin, models.QuerySet):
    """Rows carrying a copy of their organization's path in `org_path`: scope is one range."""


class OrganizationQuerySet(PathScopedMixin, MP_NodeQuerySet):
    path_field = "path"

    def children_of(self, organization):
        """The organizations directly below `organization`: one depth of its path range."""
        return self.in_subtree(organization).filter(depth=organization.depth + 1)

    def on(self, day):
        """The organizations there on `day` (core.asof): founded by then (`valid_from` empty or
        on or before it) and not yet dissolved or merged away (`valid_to`, the day it was gone,
        empty or after it). Every organization when `day` is None."""
        if day is None:
            return self
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gt=day),
        )


class MemberQuerySet(PathScopedQuerySet):
    def on(self, day):
        """The members on `day`: admitted on or before it and not yet gone (core.asof)."""
        from core.asof import member_on

        return self.filter(member_on(day))

    def possible_duplicates(self, people):
        """Members that may be the same person as one of `people`: (code, name_key, birth date)
        triples. Same accent-free name and birth date, another code. A flag for a human,
        never a reason to merge (Vietnamese has many true namesakes). Returns
        {code of the person: [members]}; one query per 500 people.
        """
        people = [person for person in people if person[1] and person[2]]
        wanted = {(name_key, birth_date) for _code, name_key, birth_date in people}
        found = {}
        for candidates in self._duplicate_candidates(people, wanted):
            for member in candidates.select_related("organization"):
                if (member.name_key, member.birth_date) in wanted:
                    found.setdefault((member.name_key, member.birth_date), []).append(member)
        return {
            code: [member for member in found.get((name_key, birth), []) if member.code != code]
            for code, name_key, birth in people
            if [member for member in found.get((name_key, birth), []) if member.code != code]
        }

    def _duplicate_candidates(self, people, wanted):
        """Querysets holding every member with a (name key, birth date) of `wanted`: on
        PostgreSQL one query joining them staged in a temporary table (a city's file: one
        query, not one per 500 people), else one per 500 people (IN lists)."""
        if bulk.stages_in_bulk() and len(wanted) > STAGE_FROM:
            columns = (("name_key", "varchar(255)"), ("birth_date", "date"))
            with bulk.staged("possible_duplicates", columns, sorted(wanted)) as stage:
                yield bulk.joined(self, stage, ("name_key", "birth_date"))
            return
        for start in range(0, len(people), 500):
            chunk = people[start : start + 500]
            yield self.filter(
                name_key__in={name_key for _code, name_key, _birth in chunk},
                birth_date__in={birth for _code, _key, birth in chunk},
            )


# Values from which a query staged them in a temporary table rather than in IN lists.
STAGE_FROM = 2000


class OrganizationKindQuerySet(models.QuerySet):
    def valid_on(self, day):
        """Kinds organizations may be of on `day` (R-OR-06: kinds carry validity dates)."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_until__isnull=True) | Q(valid_until__gte=day),
        )
