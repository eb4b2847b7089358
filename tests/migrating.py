"""What the migration tests share: migrating to given targets, and the schema brought back to the
latest after each test.

Migrating back unapplies every migration that depends on the targets (other apps' newer ones
too): without `latest_schema_after` the tests after it (and a worker) would meet missing
columns, as they once did. A test module takes both with
`from tests.migrating import latest_schema_after, migrate` (the fixture is autouse).
"""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# Transactional, as migrating needs; serialized_rollback, so that the flush ending each test
# reloads the rows the data migrations seeded and leaves the content types alone.
migration_test = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def migrate(targets):
    """Migrate the database to `targets` ((app, migration name) pairs); the historical apps
    at that state."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def migrate_to_latest():
    """Apply every migration: the leaf node of each app's graph."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture(autouse=True)
def latest_schema_after():
    """Back to the latest schema after the test."""
    yield
    migrate_to_latest()
