"""The numbers of the election rules R-EL-25/26 and the majority ethnicity of the targets."""

MAJORITY_ETHNICITY = "Kinh"
# R-EL-08 [I]: an excess of this many names is always allowed, whatever the share R-EL-08's
# pack gives (30 % of three seats or fewer is less than the one person R-EL-07 asks for). An
# inference of the rule book (docs/domain-rules.md A3), not a figure of the sources; the
# shares themselves are the term's rule pack's (congresses.rulepacks.parameter).
EXCESS_ALWAYS_ALLOWED = 1
# R-EL-25: a cell with at least 9 official members elects a committee of at most 7; if the
# third round elects no secretary, the committee above appoints one.
CELL_COMMITTEE_MIN_MEMBERS = 9
CELL_COMMITTEE_MAX_SEATS = 7
CELL_SECRETARY_ROUNDS = 3
CELL_SECRETARY_AND_DEPUTY = 2
# R-EL-26: a grassroots committee of at least 9 members elects a standing committee.
STANDING_COMMITTEE_MIN_SEATS = 9
