"""The count log's pure parts: canonical JSON, an entry's hash and the standing rule.

An entry's hash is SHA-256 over the previous entry's hash, the entry's metadata (congress,
number in the log, election, round, counter, account, time) and its canonical payload, so
that changing any stored entry, or removing or reordering one, breaks every hash after it.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass, field

# The previous hash of a congress's first entry.
GENESIS = "0" * 64

# The figures of a round's tally in the order of the counting minutes (R-EL-19/20).
BASE_FIELDS = ("convened", "excluded_absent_with_reason", "excluded_suspended", "excluded_other")
COUNT_FIELDS = ("ballots_issued", "ballots_returned", "ballots_valid", "ballots_invalid")
TEXT_FIELDS = ("held_on", "base_note")


def canonical(value):
    """The one JSON text of `value`: keys sorted, no spaces, UTF-8 kept."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def make_payload(*, seats, votes, held_on, base_note, **figures):
    """The canonical payload of a tally: the seats the round elects (set by the service), the
    base's components, the ballots, the date, the note and the votes by candidate pk."""
    data = {name: figures[name] for name in BASE_FIELDS + COUNT_FIELDS}
    data.update(
        seats=seats,
        held_on=held_on.isoformat() if held_on else None,
        base_note=base_note or "",
        votes={str(key): count for key, count in votes.items()},
    )
    return canonical(data)


def stamp(moment):
    """A time as it is hashed: UTC, to the microsecond."""
    return moment.astimezone(datetime.UTC).isoformat(timespec="microseconds")


def metadata(entry):
    return {
        "congress": entry.congress_id,
        "sequence": entry.sequence,
        "ballot": entry.ballot_id,
        "round": entry.round_number,
        "counter": entry.counter_id,
        "counter_name": entry.counter_name,
        "entered_by": entry.entered_by_id,
        "created_at": stamp(entry.created_at),
    }


def digest(entry, prev_hash=None):
    """The hash `entry` must carry after `prev_hash` (its own prev_hash by default)."""
    prev = entry.prev_hash if prev_hash is None else prev_hash
    text = f"{prev}\n{canonical(metadata(entry))}\n{entry.payload}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class RoundTally:
    """The entries of one round, in the log's order, and what they settle.

    standing: the payload two different counters entered identically (the first such pair
    in the log), else None; agreeing: the entries that entered it.
    """

    entries: list
    standing: str | None = None
    agreeing: list = field(default_factory=list)

    @property
    def state(self):
        if self.standing is not None:
            return "stands"
        return {0: "empty", 1: "waiting"}.get(len(self.entries), "differs")


def settle(entries):
    """Which figures stand among one round's `entries` (ordered by the log): the first
    payload that a second, different counter entered identically."""
    tally = RoundTally(entries=list(entries))
    for index, entry in enumerate(tally.entries):
        for earlier in tally.entries[:index]:
            if earlier.payload == entry.payload and earlier.counter_id != entry.counter_id:
                tally.standing = entry.payload
                tally.agreeing = [earlier, entry]
                return tally
    return tally


def parse(payload):
    """A payload's figures: the votes with int keys."""
    data = json.loads(payload)
    data["votes"] = {int(key): count for key, count in data["votes"].items()}
    return data
