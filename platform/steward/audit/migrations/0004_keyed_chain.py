"""The keyed chain (issue 12): key ids on entries, a signed entry after the old log, and
PostgreSQL triggers that refuse UPDATE, DELETE and TRUNCATE on the audit tables.

Safe on a database full of data: the new column is nullable (no table rewrite on PostgreSQL
or SQLite), existing rows are never changed (they keep their plain sha256 links), and one
entry is appended, signed with the current key, so that a log stripped of every signed entry
(re-hashed without the key) no longer verifies.
"""

from django.db import migrations, models
from django.utils import timezone

ENTRY_TRIGGERS = (
    ("audit_entry_append_only", "BEFORE UPDATE OR DELETE", "FOR EACH ROW", "refuse"),
    ("audit_entry_no_truncate", "BEFORE TRUNCATE", "FOR EACH STATEMENT", "refuse"),
)
HEAD_TRIGGERS = (
    ("audit_head_forward_only", "BEFORE UPDATE", "FOR EACH ROW", "forward"),
    ("audit_head_no_delete", "BEFORE DELETE", "FOR EACH ROW", "refuse"),
    ("audit_head_no_truncate", "BEFORE TRUNCATE", "FOR EACH STATEMENT", "refuse"),
)
FUNCTIONS = """
CREATE OR REPLACE FUNCTION steward_audit_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'The audit log is append-only: % on % is refused.', TG_OP, TG_TABLE_NAME
        USING HINT = 'Audit entries are only appended (steward.audit.services.record).';
END $$;
CREATE OR REPLACE FUNCTION steward_audit_forward() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.seq IS DISTINCT FROM OLD.seq + 1
       OR NEW.prev_hash IS DISTINCT FROM COALESCE(NULLIF(OLD.hash, ''), repeat('0', 64)) THEN
        RAISE EXCEPTION 'The audit chain head only moves forward, one entry at a time.'
            USING HINT = 'Audit entries are only appended (steward.audit.services.record).';
    END IF;
    RETURN NEW;
END $$;
"""


def install_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite (the embedded default) has the ORM's refusals only
    quote = schema_editor.quote_name
    schema_editor.execute(FUNCTIONS, params=None)  # its % are PL/pgSQL, not placeholders
    for model, triggers in (("AuditEntry", ENTRY_TRIGGERS), ("ChainHead", HEAD_TRIGGERS)):
        table = quote(apps.get_model("audit", model)._meta.db_table)
        for name, when, each, function in triggers:
            schema_editor.execute(
                f"CREATE TRIGGER {name} {when} ON {table} {each} "
                f"EXECUTE FUNCTION steward_audit_{function}()"
            )


def remove_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.quote_name
    for model, triggers in (("AuditEntry", ENTRY_TRIGGERS), ("ChainHead", HEAD_TRIGGERS)):
        table = quote(apps.get_model("audit", model)._meta.db_table)
        for name, *_ in triggers:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS steward_audit_refuse(), steward_audit_forward()")


def sign_the_existing_log(apps, schema_editor):
    """Append one signed entry after an existing (unsigned) log; an empty log needs none."""
    from steward.audit.chain import GENESIS, content_digest, entry_key, keyed_link_hash
    from steward.audit.keys import signing_key

    AuditEntry = apps.get_model("audit", "AuditEntry")
    ChainHead = apps.get_model("audit", "ChainHead")
    head = ChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None or head.seq == 0:
        return
    kid, secret = signing_key()
    entry = AuditEntry(
        seq=head.seq + 1,
        created=timezone.now(),
        actor_label="steward",
        app="audit",
        action="keyed_chain",
        args={"key_id": kid, "unsigned_entries": head.seq},
        status="ok",
        prev_hash=head.hash or GENESIS,
        key_id=kid,
    )
    digest = content_digest(entry)
    key = entry_key(secret, digest)
    entry.hash = keyed_link_hash(key, entry.prev_hash, entry.seq, digest)
    entry.save(force_insert=True)
    ChainHead.objects.filter(pk=1).update(seq=entry.seq, hash=entry.hash, prev_hash=entry.prev_hash)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0003_approval_moved_to_actions"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="key_id",
            field=models.CharField(editable=False, max_length=32, null=True),
        ),
        migrations.RunPython(sign_the_existing_log, migrations.RunPython.noop),
        migrations.RunPython(install_triggers, remove_triggers),
    ]
