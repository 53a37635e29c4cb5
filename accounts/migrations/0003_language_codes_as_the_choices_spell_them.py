"""The language switch stored zh-Hans for a while; the field's choice is zh-hans."""

from django.db import migrations
from django.db.models.functions import Lower


def as_the_choices_spell_them(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    User.objects.exclude(language="").update(language=Lower("language"))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_user_mobile"),
    ]

    operations = [
        migrations.RunPython(as_the_choices_spell_them, migrations.RunPython.noop),
    ]
