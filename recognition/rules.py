"""The numbers of the classification rules: levels, score floors (R-CL-02), the steps (R-CL-04)."""

from recognition.choices import Level, Step

GRASSROOTS_LEVEL = 3  # the kind level of grassroots organizations (cấp cơ sở) in the kinds data
LEVELS = [level.value for level in Level]
# R-CL-02: the lowest score of each level when the period is scored on 100 points, when the
# term's rule pack does not give them (score_floors). KHTNV below 50 is inferred [I].
SCORE_FLOORS = {Level.EXCELLENT: 90, Level.GOOD: 70, Level.COMPLETE: 50, Level.FAILED: 0}
# The parameters of rule R-CL-02 in a term's pack that give those floors (congresses 0009).
FLOOR_PARAMETERS = {
    Level.EXCELLENT: "excellent_from",
    Level.GOOD: "good_from",
    Level.COMPLETE: "complete_from",
}
STEP_FIELDS = {Step.SELF: "self_level", Step.PROPOSED: "proposed_level", Step.DECIDED: "level"}
STEP_ORDER = [Step.SELF, Step.PROPOSED, Step.DECIDED]


def score_floors(term):
    """R-CL-02: {level: lowest score} of `term`'s rule pack (the parameters of its rule R-CL-02,
    read through congresses.rulepacks.parameter), each missing, unsound or not in force from
    SCORE_FLOORS; SCORE_FLOORS without a term. One query the first time per Term instance."""
    from congresses import rulepacks

    floors = dict(SCORE_FLOORS)
    if term is None:
        return floors
    for level, key in FLOOR_PARAMETERS.items():
        value = rulepacks.parameter(term, "R-CL-02", key)
        if value is not None:
            floors[level] = value
    return floors
