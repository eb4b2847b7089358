"""The kinds of pickers (core.pickers): members, organizations and user accounts, each
searched by its accent-free name. The querysets come from the views, already scoped through
the organizations queryset API or organizations.access."""

from django.utils.translation import gettext_lazy as _

from core.pickers import PICKER_SIZE, Picker
from core.text import search_key


class MemberPicker(Picker):
    """Party members by code or name (Member.name_key)."""

    not_found = _("%(value)s: no party member with this code or name here.")
    ambiguous = _("%(value)s: several party members have this name here; give the member code.")

    def search(self, queryset, query):
        return super().search(queryset.select_related("organization"), query)

    def name(self, row):
        return row.full_name

    def choice(self, row):
        return row.code, f"{row.full_name} · {row.code} · {row.organization.name}"


class OrganizationPicker(Picker):
    """Organizations by code or name (Organization.search_key holds "name code")."""

    key_field = "search_key"
    not_found = _("%(value)s: no organization with this code or name stands here.")
    ambiguous = _("%(value)s: several organizations have this name here; give the code.")

    def resolve(self, queryset, text):
        by_code = list(queryset.filter(code=text)[:1])
        if by_code:
            return by_code
        key = search_key(text)
        named = queryset.filter(search_key__startswith=f"{key} ")[:PICKER_SIZE]
        return [row for row in named if search_key(row.name) == key][:2]


def account_name(user):
    return f"{user.first_name} {user.last_name}".strip() or user.username


class AccountPicker(Picker):
    """User accounts by username or full name. Accounts carry no accent-free key: the
    accounts in scope (those holding a role inside one committee's subtree, a few dozen) are
    read in one query and matched here."""

    code_field = "username"
    not_found = _("%(value)s: no account with this user name or name here.")
    ambiguous = _("%(value)s: several accounts have this name here; give the user name.")

    def _named(self, queryset):
        rows = queryset.only("pk", "username", "first_name", "last_name")
        return [(search_key(account_name(row)), row) for row in rows]

    def search(self, queryset, query):
        key, code = search_key(query), query.casefold()
        found = [
            (name, row.username, row)
            for name, row in self._named(queryset)
            if key in name or code in row.username.casefold()
        ]
        return [row for _name, _code, row in sorted(found, key=lambda item: item[:2])][:PICKER_SIZE]

    def resolve(self, queryset, text):
        by_code = list(queryset.filter(username=text)[:1])
        if by_code:
            return by_code
        key = search_key(text)
        return [row for name, row in self._named(queryset) if name == key][:2]

    def name(self, row):
        return account_name(row)


MEMBERS = MemberPicker()
ORGANIZATIONS = OrganizationPicker()
ACCOUNTS = AccountPicker()
