"""The weights remember which of their versions the stored scores were computed
with; the scores stored so far were computed with the current ones."""

from django.db import migrations, models
from django.db.models import F


def applied(apps, schema_editor):
    ScoringWeights = apps.get_model("prospects", "ScoringWeights")
    ScoringWeights.objects.update(rescored_for=F("updated_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("prospects", "0009_date_windows"),
    ]

    operations = [
        migrations.AddField(
            model_name="scoringweights",
            name="rescored_for",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(applied, migrations.RunPython.noop),
    ]
