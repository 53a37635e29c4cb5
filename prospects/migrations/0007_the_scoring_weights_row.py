from django.db import migrations


def the_weights_row(apps, schema_editor):
    """The scoring weights exist from here on; pages only read them."""
    ScoringWeights = apps.get_model("prospects", "ScoringWeights")
    ScoringWeights.objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [
        ("prospects", "0006_historicaladvantage_historicalcompetitor_and_more"),
    ]

    operations = [
        migrations.RunPython(the_weights_row, migrations.RunPython.noop),
    ]
