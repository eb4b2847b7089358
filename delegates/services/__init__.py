"""Writes of the delegates app: the delegate plan of a delegate congress and the member roll's
exclusions (`plans`, R-EL-20, R-EL-32, R-WV-05), and the roll of delegates (`roll`,
R-EL-30..34). Every function owns its transaction and writes its audit row; refusals are
ValidationError with a message naming the rule, and nothing is written."""

from delegates.services.plans import (
    approve_plan,
    create_plan,
    record_exclusion,
    remove_exclusion,
    save_quotas,
)
from delegates.services.roll import (
    add_delegate,
    fill_ex_officio,
    replace_delegate,
    take_elected,
    withdraw_delegate,
)

__all__ = [
    "add_delegate",
    "approve_plan",
    "create_plan",
    "fill_ex_officio",
    "record_exclusion",
    "remove_exclusion",
    "replace_delegate",
    "save_quotas",
    "take_elected",
    "withdraw_delegate",
]
