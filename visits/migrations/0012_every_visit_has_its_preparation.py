"""Every visit has its preparation row from here on: the plan makes it
(visits.services.visit_plan), and opening a visit only reads it."""

from django.db import migrations


def the_missing_preparations(apps, schema_editor):
    Visit = apps.get_model("visits", "Visit")
    VisitPreparation = apps.get_model("visits", "VisitPreparation")
    missing = Visit.objects.filter(preparation__isnull=True).values_list(
        "pk", flat=True
    )
    VisitPreparation.objects.bulk_create(
        [VisitPreparation(visit_id=pk) for pk in missing.iterator()], batch_size=1000
    )


class Migration(migrations.Migration):
    dependencies = [
        ("visits", "0011_the_check_in_settings_row"),
    ]

    operations = [
        migrations.RunPython(the_missing_preparations, migrations.RunPython.noop),
    ]
