"""Resume cost independent of the log's length, and one redundant index less per event.

1. On PostgreSQL, ``live_event_message``: (stream_id, data->>'message'). A resume far
   behind sends one snapshot per message, carrying the message's whole text
   (steward.live.backlog); finding a message's earlier deltas used to read the stream's log
   from its first event, so a resume 10,000 events behind cost 2x in a 100k-event log and
   grew with every event after. Equal keys share one entry (B-tree deduplication), so it
   costs about 8 bytes per event. Not partial (``WHERE type = 'run.delta'``), although only
   deltas are looked up: the planner ignores a partial index's statistics, so it would
   guess 50 times the rows per message and plan parallel workers and JIT for a few
   milliseconds of work. Built CONCURRENTLY: writers keep appending while it builds. SQLite gets no such index (it cannot match a
   parameterised JSON path to an indexed expression); the embedded database is small.
2. The foreign key's own index on stream_id (and, on PostgreSQL, its varchar_pattern_ops
   twin) goes: the unique (stream_id, seq) index serves every lookup by stream, and each
   append no longer updates two more indexes. Dropped by name from the catalogue, without
   rebuilding the table (SQLite's AlterField would copy it).
"""

import copy
from typing import Any

from django.db import migrations, models

INDEX = "live_event_message"


def _postgres(schema_editor: Any) -> bool:
    return bool(schema_editor.connection.vendor == "postgresql")


def add_message_index(apps: Any, schema_editor: Any) -> None:
    if _postgres(schema_editor):
        schema_editor.execute(
            f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {INDEX} ON live_event "
            "(stream_id, (data ->> 'message'))"
        )


def drop_message_index(apps: Any, schema_editor: Any) -> None:
    if _postgres(schema_editor):
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}")


def drop_stream_fk_indexes(apps: Any, schema_editor: Any) -> None:
    event = apps.get_model("live", "Event")
    names = schema_editor._constraint_names(
        event, ["stream_id"], index=True, unique=False, primary_key=False
    )
    concurrently = "CONCURRENTLY " if _postgres(schema_editor) else ""
    for name in sorted(names):
        schema_editor.execute(f"DROP INDEX {concurrently}IF EXISTS {schema_editor.quote_name(name)}")


def add_stream_fk_indexes(apps: Any, schema_editor: Any) -> None:
    event = apps.get_model("live", "Event")
    field = copy.copy(event._meta.get_field("stream"))
    field.db_index = True  # the indexes (and names) Django gives an indexed foreign key
    for sql in schema_editor._field_indexes_sql(event, field):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    atomic = False  # CREATE / DROP INDEX CONCURRENTLY cannot run in a transaction

    dependencies = [
        ("live", "0003_presence"),
    ]

    operations = [
        migrations.RunPython(add_message_index, drop_message_index, elidable=False),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="event",
                    name="stream",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=models.deletion.CASCADE,
                        related_name="events",
                        to="live.stream",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunPython(drop_stream_fk_indexes, add_stream_fk_indexes),
            ],
        ),
    ]
