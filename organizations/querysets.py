"""The one queryset API of scope: every model placed in the organization tree answers
`in_subtree(organization)`, `visible_to(user)` and `writable_by(user)`.

A subtree is one range on a path column (`core.paths.subtree_q`); which column is the class's
`path_field`: `org_path` for the rows that keep a copy of their organization's path
(`organizations.models.InOrganization`), `path` for the organizations themselves, or a path
reached through a relation (`congress__org_path`) for rows that hang off such a row. Scope
is assembled here and in `organizations.access`, nowhere else (tests/test_scoping_api.py).
"""

import contextlib
import threading

from django.db import models
from django.db.models import Exists, OuterRef, Q
from treebeard.mp_tree import MP_NodeQuerySet

from core import bulk
from core.asof import today
from core.paths import subtree_q
from organizations import access

# --- The tree on a date ----------------------------------------------------------------------
#
# Paths have no date: a move rewrites the path of the moved subtree and of every copy of it
# (members, congresses...), so today's paths say where things are today. Where they stood on an
# earlier day is told by the moves recorded since (models.OrganizationMove): the subtree of X on
# day d is the set of today's paths whose place on d lay under X. That set is a handful of
# prefixes (moves are rare): replayed from the tree of day d through every move after it, each
# prefix carries whether it was inside X on d; the deepest prefix above a path decides.


# The moves read once per request (they change rarely, a dated page asks for them several
# times): kept from a request's start to its end (apps.OrganizationsConfig connects the
# signals) and forgotten when a move is written. Outside a request, every call reads them.
_request_memo = threading.local()


def remember_moves_for_the_request(**_kwargs):
    _request_memo.moves = None
    _request_memo.active = True


def forget_moves(**_kwargs):
    _request_memo.moves = None
    _request_memo.active = False


def forget_read_moves(**_kwargs):
    _request_memo.moves = None


@contextlib.contextmanager
def moves_read_once():
    """The moves read at most once inside the block, as in a request: for work done outside
    one (a report rendered by a worker, a roll-up built by a command or a test), which would
    otherwise read them again for every dated filter. Nests; restores what was before."""
    before = (getattr(_request_memo, "active", False), getattr(_request_memo, "moves", None))
    if not before[0]:
        _request_memo.active, _request_memo.moves = True, None
    try:
        yield
    finally:
        _request_memo.active, _request_memo.moves = before


def _all_moves():
    """Every recorded move as (old path, new path, day), in the order they were recorded."""
    from organizations.models import OrganizationMove

    if getattr(_request_memo, "active", False) and _request_memo.moves is not None:
        return _request_memo.moves
    rows = list(
        OrganizationMove.objects.order_by("pk").values_list("old_path", "new_path", "moved_on")
    )
    if getattr(_request_memo, "active", False):
        _request_memo.moves = rows
    return rows


def _moves_after(day):
    """The moves from the first one that took effect after `day` on, oldest first (the order
    the paths were rewritten in), as (old path, new path, whether it took effect after
    `day`); earlier ones shaped the paths of `day` already."""
    rows = _all_moves()
    first = next((index for index, row in enumerate(rows) if row[2] > day), None)
    if first is None:
        return []
    return [(old, new, moved_on > day) for old, new, moved_on in rows[first:]]


def _rewrite(path, old, new):
    """`path` after the subtree at `old` moved to `new` (unchanged when outside it)."""
    return new + path[len(old) :] if path.startswith(old) else path


def _unrewrite(path, old, new):
    """`path` before the subtree at `old` moved to `new`."""
    return old + path[len(new) :] if path.startswith(new) else path


def _inside(rules, path):
    """Whether `path` is inside: the rule of the deepest prefix above it (outside if none)."""
    best = None
    for prefix in rules:
        if path.startswith(prefix) and (best is None or len(prefix) > len(best)):
            best = prefix
    return best is not None and rules[best]


def subtree_rules(path, day):
    """{today's path prefix: inside} describing the subtree at `path` (today's path of an
    organization) as it stood on `day`: the deepest prefix above a path decides whether the
    row at that path was inside on `day`. {path: True} when nothing moved after `day` (or
    `day` is None or today or later: the tree as it stands)."""
    if day is None or day >= today():
        return {path: True}
    return _replayed(path, _moves_after(day))


def _then(path, moves):
    """Today's `path` with `moves` undone, latest first: the path it had before them."""
    for old, new, _undone in reversed(moves):
        path = _unrewrite(path, old, new)
    return path


def _replayed(path, moves):
    """subtree_rules for the subtree at today's `path`, replaying `moves` (_moves_after)."""
    if not moves:
        return {path: True}
    rules = {_then(path, moves): True}
    for old, new, undone in moves:
        carried = {
            _rewrite(prefix, old, new): inside
            for prefix, inside in rules.items()
            if prefix.startswith(old)
        }
        was_inside = _inside(rules, old)
        rules = {
            prefix: inside
            for prefix, inside in rules.items()
            if not prefix.startswith(old) and not prefix.startswith(new)
        }
        if undone:
            # Moved after `day`: the subtree keeps the side it stood on that day.
            rules[new] = was_inside
        # Moved on or before `day` (recorded late): it takes the side of its new place.
        rules.update(carried)
    return _simplified(rules)


def _simplified(rules):
    """`rules` without the prefixes that say what the prefix above them says already."""
    kept = {}
    for prefix in sorted(rules, key=len):
        if _inside(kept, prefix) != rules[prefix]:
            kept[prefix] = rules[prefix]
    return kept


def rules_q(rules, field):
    """The rows whose `field` is inside according to `rules` (subtree_rules): each inside
    prefix's range minus the outside prefixes below it."""
    query = Q()
    for prefix, inside in rules.items():
        if not inside:
            continue
        part = subtree_q(prefix, field)
        for other, other_inside in rules.items():
            if not other_inside and other.startswith(prefix) and other != prefix:
                part &= ~subtree_q(other, field)
        query |= part
    return query if query else Q(pk__in=[])


def children_on_q(organization, day):
    """The organizations directly below `organization` as the tree stood on `day`: one level
    below it in its subtree of then (subtree_on_q; the ones moved out since are found at their
    paths of today). Over the organizations' own `path`."""
    moves = _moves_after(day) if day is not None and day < today() else []
    rules = _replayed(organization.path, moves)
    query = Q(depth=organization.depth + 1) & subtree_q(organization.path, "path")
    then = _then(organization.path, moves)
    for prefix, inside in rules.items():
        root = _then(prefix, moves)
        if inside and root.startswith(then) and len(root) == len(then) + organization.steplen:
            query |= Q(path=prefix)
    return query & rules_q(rules, "path")


def _forward(path, moves):
    """`path` of before `moves` as it reads after them."""
    for old, new, _undone in moves:
        path = _rewrite(path, old, new)
    return path


def branch_on(organization, day, field, step):
    """An expression: for a row of the subtree of `organization` on `day` (subtree_on_q), the
    path of today of the organization directly below `organization` on `day` whose branch
    held it: the first `step` characters below the organization's path, or, for a subtree
    moved out since, the branch it was moved out of. What a count per child groups by."""
    from django.db.models import Case, Value, When
    from django.db.models.functions import Substr

    default = Substr(field, 1, len(organization.path) + step)
    moves = _moves_after(day) if day is not None and day < today() else []
    if not moves:
        return default
    then = _then(organization.path, moves)
    whens = []
    # Deepest first: a subtree moved out of one moved out keeps its own branch.
    for prefix, inside in sorted(
        _replayed(organization.path, moves).items(), key=lambda r: -len(r[0])
    ):
        root = _then(prefix, moves)
        if inside and prefix != organization.path and root.startswith(then):
            child = _forward(root[: len(then) + step], moves)
            whens.append(When(subtree_q(prefix, field), then=Value(child)))
    return Case(*whens, default=default) if whens else default


def path_on(day, field="path"):
    """An expression: the path a row (by its path copy `field`) had on `day`, where the moves
    after it are undone; None when nothing moved after `day` (today's path is that path).
    What the tree on a date is ordered and nested by."""
    from django.db.models import Case, Value, When
    from django.db.models.functions import Concat, Substr

    moves = _moves_after(day) if day is not None and day < today() else []
    prefixes = {}
    for index, (_old, new, undone) in enumerate(moves):
        if undone:
            now = _forward(new, moves[index + 1 :])
            prefixes[now] = _then(now, moves)
    if not prefixes:
        return None
    whens = [
        When(
            subtree_q(now, field),
            then=Concat(Value(then), Substr(field, len(now) + 1), output_field=models.CharField()),
        )
        for now, then in sorted(prefixes.items(), key=lambda item: -len(item[0]))
    ]
    return Case(*whens, default=models.F(field), output_field=models.CharField())


def subtree_on_q(organization, day, field="path"):
    """The rows whose path copy `field` lies in the subtree of `organization` (or of a path)
    as it stood on `day` (core.asof): today's range when nothing moved after `day`. One query
    for the moves when `day` is in the past; the rows' own query stays one indexed query."""
    path = organization if isinstance(organization, str) else organization.path
    return rules_q(subtree_rules(path, day), field)


class InSubquery(models.Expression):
    """`field IN (subquery)` as a condition, written `field = ANY(ARRAY(subquery))` on
    PostgreSQL: an array computed once, which the planner can look up in `field`'s index as
    one arm of an OR (a bitmap OR of the arms' index scans). An `IN (subquery)` arm is a
    filter tested on every row: OR-ed with a path range it turned the range's index scan into
    a sequential scan of the whole table (a district's members on a past date: 116 ms for
    450,000 members, docs/benchmarks.md, issue 15)."""

    conditional = True
    output_field = models.BooleanField()

    def __init__(self, field, queryset):
        super().__init__()
        self.lhs = models.F(field)
        self.subquery = models.Subquery(queryset)

    def get_source_expressions(self):
        return [self.lhs, self.subquery]

    def set_source_expressions(self, expressions):
        self.lhs, self.subquery = expressions

    def as_sql(self, compiler, connection):
        field_sql, field_params = compiler.compile(self.lhs)
        subquery_sql, subquery_params = compiler.compile(self.subquery)
        return f"{field_sql} IN {subquery_sql}", (*field_params, *subquery_params)

    def as_postgresql(self, compiler, connection):
        field_sql, field_params = compiler.compile(self.lhs)
        subquery_sql, subquery_params = compiler.compile(self.subquery)
        return f"{field_sql} = ANY(ARRAY{subquery_sql})", (*field_params, *subquery_params)


class PathScopedMixin:
    path_field = "org_path"

    def in_subtree(self, organization):
        """Rows of `organization` (or of a path) and of everything below it: one range."""
        path = organization if isinstance(organization, str) else organization.path
        return self.filter(subtree_q(path, self.path_field))

    def in_subtree_on(self, organization, day):
        """`in_subtree` as the tree stood on `day` (subtree_on_q; today's tree when `day` is
        None or today)."""
        return self.filter(subtree_on_q(organization, day, self.path_field))

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

    def children_on(self, organization, day):
        """The organizations directly below `organization` on `day` (children_on_q) and
        there on `day` (`on`): `children_of(...).on(day)` when nothing moved after `day`."""
        return self.filter(children_on_q(organization, day)).on(day)

    def in_tree_order_on(self, day):
        """In tree order as the tree stood on `day` (path_on), each with `path_then`, its path
        then: a moved organization stands under its parent of that day."""
        then = path_on(day)
        if then is None:
            return self.annotate(path_then=models.F("path")).order_by("path")
        return self.annotate(path_then=then).order_by("path_then", "path")

    def on(self, day):
        """The organizations there on `day` (core.asof): founded by then (`valid_from` empty or
        on or before it) and not yet dissolved or merged away (`valid_to`, the day it was gone,
        empty or after it). Every organization when `day` is None."""
        from core.asof import organization_on

        return self if day is None else self.filter(organization_on(day))


class MemberQuerySet(PathScopedQuerySet):
    def in_subtree_on(self, organization, day):
        """The members in the subtree of `organization` as it stood on `day` (subtree_on_q),
        the members a merger moved after `day` counted where they were then: in the
        predecessor (models.MemberMove), not in the successor their path copy names."""
        if day is None or day >= today():
            return self.in_subtree(organization)
        from organizations.models import MemberMove

        path = organization if isinstance(organization, str) else organization.path
        rules = subtree_rules(path, day)
        query = rules_q(rules, self.path_field)
        later = MemberMove.objects.filter(moved_on__gt=day)
        first = later.exclude(
            Exists(
                MemberMove.objects.filter(
                    member=OuterRef("member"), moved_on__gt=day, moved_on__lt=OuterRef("moved_on")
                )
            )
        )
        came_from_inside = first.filter(rules_q(rules, "from_organization__path"))
        return self.filter(
            (query & ~Q(pk__in=later.values("member")))
            | InSubquery("pk", came_from_inside.values("member"))
        )

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
