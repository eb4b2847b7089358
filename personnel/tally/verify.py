"""Verifying a congress's count log (`manage.py verify_count`): the chain, and every round
recomputed from the log with count_round and compared with the stored rounds.

The findings are for the operator who files the congress records: (ok, text) pairs in
English, as the other verification commands (check_tree) print them.
"""

import json
from dataclasses import dataclass, field

from personnel.elections import count_round
from personnel.models import ElectionRound, TallyEntry
from personnel.tally.chain import BASE_FIELDS, COUNT_FIELDS, GENESIS, canonical, digest, settle


@dataclass
class Verification:
    findings: list = field(default_factory=list)  # (ok, text)
    head: str = GENESIS
    entries: int = 0

    @property
    def ok(self):
        return all(ok for ok, _text in self.findings)

    def add(self, ok, text):
        self.findings.append((ok, text))


def check_chain(entries, report):
    """Every entry's number, link and hash; True when the whole chain holds."""
    previous, intact = GENESIS, True
    for expected, entry in enumerate(entries, start=1):
        problems = []
        if entry.sequence != expected:
            problems.append(f"numbered {entry.sequence}, expected {expected} (an entry is missing)")
        if entry.prev_hash != previous:
            problems.append("its previous hash is not the hash of the entry before it")
        if digest(entry) != entry.hash:
            problems.append("its hash does not match its contents (changed after it was logged)")
        try:
            if canonical(json.loads(entry.payload)) != entry.payload:
                problems.append("its payload is not canonical JSON")
        except ValueError:
            problems.append("its payload is not JSON")
        if problems:
            intact = False
            report.add(False, f"entry {expected}: " + "; ".join(problems))
        previous = entry.hash
    if intact:
        report.add(True, f"chain: {len(entries)} entries, every link and hash holds")
    return intact


def _recount(data, majority=True):
    """D, the votes and count_round's result from a logged tally; `majority` as the stored
    round was counted (R-EL-23: a re-vote among the tied may be counted without it)."""
    votes = {int(key): count for key, count in data["votes"].items()}
    base = data["convened"] - sum(data[name] for name in BASE_FIELDS[1:])
    counts = {name: data[name] for name in COUNT_FIELDS}
    result = count_round(seats=data["seats"], base=base, votes=votes, majority=majority, **counts)
    return base, votes, result


def _compare(stored, data, seats_left):
    """The differences between a stored round and the figures standing in the log."""
    base, votes, result = _recount(data, stored.majority_required)
    differences = []
    expected = {name: data[name] for name in BASE_FIELDS + COUNT_FIELDS}
    expected.update(
        base=base,
        held_on=data["held_on"],
        base_note=data["base_note"],
        elected=result.elected,
        tied=result.tied,
        tie_seats=result.tie_seats,
        unfilled=result.unfilled,
    )
    for name, value in expected.items():
        actual = getattr(stored, name)
        if name == "held_on":
            actual = actual.isoformat()
        if actual != value:
            differences.append(f"{name}: stored {actual!r}, log {value!r}")
    if data["seats"] != seats_left:
        differences.append(f"seats: {seats_left} left before this round, log {data['seats']}")
    rows = {vote.candidate_id: (vote.votes, vote.is_elected) for vote in stored.votes.all()}
    logged = {key: (count, key in result.elected) for key, count in votes.items()}
    if rows != logged:
        differences.append(f"votes: stored {sorted(rows.items())}, log {sorted(logged.items())}")
    return differences


def verify_congress(congress, *, require_log=False):
    """Check `congress`'s count log and every round against it. `require_log`: a round
    recorded without the log (from the paper minutes) is a mismatch too."""
    report = Verification()
    entries = list(TallyEntry.objects.filter(congress=congress).order_by("sequence", "pk"))
    report.entries = len(entries)
    report.head = entries[-1].hash if entries else GENESIS
    intact = check_chain(entries, report)
    by_round = {}
    for entry in entries:
        by_round.setdefault((entry.ballot_id, entry.round_number), []).append(entry)
    rounds = ElectionRound.objects.filter(ballot__congress=congress).select_related("ballot")
    stored = {(r.ballot_id, r.number): r for r in rounds.order_by("ballot", "number")}
    elected_before = {}
    for (ballot_id, number), election_round in stored.items():
        seats_left = election_round.ballot.seats - len(elected_before.get(ballot_id, set()))
        elected_before.setdefault(ballot_id, set()).update(election_round.elected)
        name = f"{election_round.ballot.get_kind_display()} (election {ballot_id}), round {number}"
        logged = by_round.get((ballot_id, number))
        if not logged:
            report.add(not require_log, f"{name}: recorded from the minutes, not in the log")
            continue
        tally = settle(logged)
        if tally.standing is None:
            report.add(False, f"{name}: recorded, but no two counters entered the same figures")
            continue
        try:
            differences = _compare(election_round, json.loads(tally.standing), seats_left)
        except (ValueError, KeyError, TypeError) as error:
            differences = [f"the standing figures cannot be recounted ({error})"]
        if differences:
            report.add(False, f"{name}: differs from the log: " + "; ".join(differences))
        else:
            numbers = ", ".join(str(entry.sequence) for entry in tally.agreeing)
            report.add(True, f"{name}: matches the log (entries {numbers})")
    for (ballot_id, number), logged in by_round.items():
        if (ballot_id, number) not in stored and settle(logged).standing is not None:
            report.add(
                False, f"election {ballot_id}, round {number}: stands in the log, not stored"
            )
    if not intact:
        report.add(False, "the chain is broken: the log cannot be trusted")
    return report
