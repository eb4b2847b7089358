"""The numbers of the classification rules: levels, score floors (R-CL-02), the steps (R-CL-04)."""

from recognition.choices import Level, Step

GRASSROOTS_LEVEL = 3  # the kind level of grassroots organizations (cấp cơ sở) in the kinds data
LEVELS = [level.value for level in Level]
# R-CL-02: the lowest score of each level when the period is scored on 100 points.
SCORE_FLOORS = {Level.EXCELLENT: 90, Level.GOOD: 70, Level.COMPLETE: 50, Level.FAILED: 0}
STEP_FIELDS = {Step.SELF: "self_level", Step.PROPOSED: "proposed_level", Step.DECIDED: "level"}
STEP_ORDER = [Step.SELF, Step.PROPOSED, Step.DECIDED]
