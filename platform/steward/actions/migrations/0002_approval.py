# Approvals moved from the audit package to Safe Actions: only Django's model state moves.
# The table (audit_approval) and every row in it stay exactly as they are.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def rename_content_type(apps, schema_editor):
    """Keep permissions and admin history of approvals: their content type moves along."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="actions", model="approval").exists():
        ContentType.objects.filter(app_label="audit", model="approval").update(app_label="actions")


def restore_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="actions", model="approval").update(app_label="audit")


class Migration(migrations.Migration):

    dependencies = [
        ("actions", "0001_initial"),
        ("access", "0002_agenttoken"),
        ("audit", "0002_chainhead_prev_hash"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Approval",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("app", models.CharField(max_length=64)),
                        ("action", models.CharField(max_length=64)),
                        ("args", models.JSONField(default=dict)),
                        ("requested_by", models.CharField(max_length=160)),
                        ("session_id", models.CharField(blank=True, default="", max_length=64)),
                        ("run_id", models.CharField(blank=True, default="", max_length=64)),
                        ("state", models.CharField(choices=[("pending", "Pending"), ("approved", "Approved"), ("rejected", "Rejected"), ("failed", "Approved, but the action failed")], default="pending", max_length=16)),
                        ("decided", models.DateTimeField(blank=True, null=True)),
                        ("reason", models.TextField(blank=True, default="")),
                        ("result", models.JSONField(blank=True, null=True)),
                        ("created", models.DateTimeField(auto_now_add=True)),
                        ("decided_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL)),
                        ("token", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="approvals", to="access.agenttoken")),
                    ],
                    options={
                        "db_table": "audit_approval",
                        "ordering": ["-id"],
                        "indexes": [models.Index(fields=["state", "-id"], name="approval_state_idx")],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(rename_content_type, restore_content_type),
    ]
