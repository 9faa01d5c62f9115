# Approvals moved to the Safe Actions package (actions.0002_approval): only the model state
# leaves; the table and its rows are untouched. No audit entry is changed.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0002_chainhead_prev_hash"),
        ("actions", "0002_approval"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Approval")],
            database_operations=[],
        ),
    ]
