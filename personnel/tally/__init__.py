"""The count entered twice, in an append-only, hash-chained log (R-EL-37).

The official count is made in the hall with the centrally mandated software; this package
records it around that count. Two members of the counting committee enter a round's tally
independently (`services.enter_tally`); only identical entries stand, and the round is then
recorded through personnel.services.record_round (count_round decides who is elected). A
difference is shown field by field and a third member's entry resolves it: the round stands
with the figures that two different members entered identically.

chain.py: the canonical payload, the hash of an entry and the pure rule "which figures
stand"; services.py: entering a tally and linking a counter's account; selectors.py: what
the pages show; verify.py: the verification behind `manage.py verify_count`.
"""
