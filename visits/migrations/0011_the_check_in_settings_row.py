from django.db import migrations


def the_settings_row(apps, schema_editor):
    """The check-in settings exist from here on; pages only read them."""
    CheckInSettings = apps.get_model("visits", "CheckInSettings")
    CheckInSettings.objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [
        ("visits", "0010_check_ins"),
    ]

    operations = [
        migrations.RunPython(the_settings_row, migrations.RunPython.noop),
    ]
