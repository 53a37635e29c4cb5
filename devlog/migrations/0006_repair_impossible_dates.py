"""A record-sheet entry typed at a moment no one could mean (year 1, year 9999)
is dated when it was recorded instead, in the history copies too."""

from django.db import migrations

from kam.dates import repair_impossible

REPAIRS = [("occurred_at", "created_at")]


def repair(apps, schema_editor):
    repair_impossible(apps.get_model("devlog", "DevelopmentEntry"), REPAIRS)
    repair_impossible(apps.get_model("devlog", "HistoricalDevelopmentEntry"), REPAIRS)


class Migration(migrations.Migration):
    dependencies = [
        ("devlog", "0005_date_windows"),
    ]

    operations = [
        migrations.RunPython(repair, migrations.RunPython.noop),
    ]
