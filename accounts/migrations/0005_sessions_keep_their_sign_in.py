"""Sessions signed in through Django's ModelBackend now name kam.auth.SignedInBackend
(the same sign-in, read in one query): without this, everyone signed in before the
upgrade would be signed out by it."""

from django.conf import settings
from django.db import migrations

OLD = "django.contrib.auth.backends.ModelBackend"
NEW = "kam.auth.SignedInBackend"
BACKEND_KEY = "_auth_user_backend"


def forwards(apps, schema_editor):
    from importlib import import_module

    store = import_module(settings.SESSION_ENGINE).SessionStore
    Session = apps.get_model("sessions", "Session")
    for session in Session.objects.iterator(chunk_size=2000):
        data = store().decode(session.session_data)
        if data.get(BACKEND_KEY) == OLD:
            data[BACKEND_KEY] = NEW
            session.session_data = store().encode(data)
            session.save(update_fields=["session_data"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_api_tokens"),
        ("sessions", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
