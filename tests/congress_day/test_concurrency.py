"""Several check-in desks at once on PostgreSQL, in real concurrent transactions: one card
scanned by four desks at the same instant is checked in once. `./dev test` runs it on its
PostgreSQL pass; the SQLite pass deselects it (`services`)."""

import threading

import pytest
from django.db import connection

from congress_day import services
from congress_day.models import CheckInEvent

# serialized_rollback keeps the seeded organization kinds and terms across the flush.
pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks of PostgreSQL"),
]


def test_threads_scanning_one_card_record_one_check_in(congress, cards, staff):
    """Four desks scan the same card at the same instant: one arrival, three "already"."""
    barrier = threading.Barrier(4)
    answers, errors = [], []

    def desk():
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            answers.append(services.check_in(congress=congress, entry="1", actor=staff))
        except Exception as error:
            errors.append(error)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=desk) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(answer.already for answer in answers) == [False, True, True, True]
    assert CheckInEvent.objects.filter(card=cards[0]).count() == 1
