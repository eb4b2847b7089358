"""Statutory retirement dates and the months of service a candidate has left (rule R-WV-15).

R-WV-15 counts the months from the term's age reference date to retirement. The retirement age
is not in the party rules; it is the state's roadmap (Labour Code 2019, Art. 169; Decree
135/2020/NĐ-CP), marked inferred [I] in docs/architecture.md: until 2020 men retire at 60 and
women at 55; from 2021 the age rises by 3 months a year for men up to 62 (2028) and by 4 months
a year for women up to 60 (2035). The age applies in the calendar year in which it is reached.
"""

import datetime

from organizations.choices import Gender

# (age in months in 2020, months added per year from 2021, ceiling in months)
ROADMAP = {
    Gender.MALE: (60 * 12, 3, 62 * 12),
    Gender.FEMALE: (55 * 12, 4, 60 * 12),
}
ROADMAP_START = 2021


def _add_months(day, months):
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    # Born on the 29th-31st: the last day of a shorter month.
    for last in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def retirement_age_months(gender, year):
    """The retirement age, in months, of someone of `gender` reaching it in `year`."""
    base, step, ceiling = ROADMAP.get(gender, ROADMAP[Gender.MALE])
    return min(ceiling, base + step * max(0, year - ROADMAP_START + 1))


def retirement_date(*, birth_date, gender):
    """The day the person reaches the retirement age that applies in that year."""
    base, _step, ceiling = ROADMAP.get(gender, ROADMAP[Gender.MALE])
    for age in range(base, ceiling + 1):
        day = _add_months(birth_date, age)
        if retirement_age_months(gender, day.year) <= age:
            return day
    return _add_months(birth_date, ceiling)


def months_left(*, birth_date, gender, on):
    """Whole months of service from `on` to the retirement date (0 when past it)."""
    end = retirement_date(birth_date=birth_date, gender=gender)
    if end <= on:
        return 0
    months = (end.year - on.year) * 12 + end.month - on.month
    if end.day < on.day:
        months -= 1
    return months
