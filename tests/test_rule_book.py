"""docs/domain-rules.md is the rule book: every rule id the code and the tests cite is defined
there, and its index of where each rule lives is up to date."""

from django.core.management import call_command


def test_the_rule_book_defines_every_cited_rule_and_its_index_is_current():
    call_command("rule_index", check=True)
