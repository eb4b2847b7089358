"""Which term a term-scoped page shows (issue 18, item 2): the one the user chose, kept in the
session, else one default rule for every page."""

from django.db.models import Exists, OuterRef

from congresses.choices import Stage
from congresses.models import Congress, Term
from core.forms import parse_id

SESSION_KEY = "congresses.term"


def default_term(user, organization=None):
    """The term whose wave is under way for `organization`'s subtree (all the user may see
    without one): the newest term with a congress there past "planned"; else the newest term
    with any congress there; else the term containing today, else the newest. One query (two
    where there is no congress at all)."""
    from congresses.services import current_term

    congresses = Congress.objects.visible_to(user)
    if organization is not None:
        congresses = congresses.in_subtree(organization)
    of_term = congresses.filter(term=OuterRef("pk"))
    term = (
        Term.objects.filter(Exists(of_term))
        .annotate(under_way=Exists(of_term.exclude(stage=Stage.PLANNED)))
        .order_by("-under_way", "-starts_on")
        .first()
    )
    return term or current_term()


def chosen_term(request, organization=None, *, asked=None):
    """The term a page shows: `asked` (a Term the page's form read from the query, or None),
    remembered in the session for the next pages; else the term remembered; else the default."""
    if asked is not None:
        if request.session.get(SESSION_KEY) != asked.pk:  # a session is written only on change
            request.session[SESSION_KEY] = asked.pk
        return asked
    remembered = parse_id(str(request.session.get(SESSION_KEY, "")))
    term = Term.objects.filter(pk=remembered).first() if remembered else None
    return term or default_term(request.user, organization)
