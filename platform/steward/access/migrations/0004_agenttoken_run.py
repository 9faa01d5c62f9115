"""Run tokens say which run they belong to: a nullable ``run_id``, filled for the tokens
already issued from their name (``agent run <run id>``, agents.lifecycle.run_token_name).

One UPDATE, however many tokens there are; adding a nullable column rewrites no row."""

from django.db import migrations, models
from django.db.models.functions import Substr

PREFIX = "agent run r_"


def name_their_runs(apps, schema_editor):
    AgentToken = apps.get_model("access", "AgentToken")
    AgentToken.objects.filter(name__startswith=PREFIX).update(
        run_id=Substr("name", len("agent run ") + 1, 40)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0003_stream_scopes"),
    ]

    operations = [
        migrations.AddField(
            model_name="agenttoken",
            name="run_id",
            field=models.CharField(
                blank=True,
                db_index=True,
                editable=False,
                help_text="The agent run this token was issued for; empty for a token people use.",
                max_length=40,
                null=True,
            ),
        ),
        migrations.RunPython(name_their_runs, migrations.RunPython.noop, elidable=True),
    ]
