"""Moments typed before the date windows that no one could mean (year 1, year
9999) are replaced by the best known one: a visit held when it was planned (and
its follow-up due a week later), a contact or meeting when it was recorded, a
follow-up done when it was due. The same in the history copies, which the change
history reads."""

from datetime import timedelta

from django.db import migrations
from django.db.models import DateTimeField, ExpressionWrapper, OuterRef, Subquery

from kam.dates import repair_impossible


def _a_week_after_the_visit(apps):
    held = apps.get_model("visits", "Visit").objects.filter(pk=OuterRef("visit_id"))
    return ExpressionWrapper(
        Subquery(held.values("held_at")[:1]) + timedelta(days=7),
        output_field=DateTimeField(),
    )


def repairs(apps):
    return {
        # The plan first: a visit held at an impossible moment takes its planned time.
        "Visit": [("planned_at", "created_at"), ("held_at", "planned_at")],
        "VisitPreparation": [("discussion_at", None)],
        "FirstContact": [("contacted_at", "created_at")],
        "FollowUp": [
            ("due_at", _a_week_after_the_visit(apps)),
            ("done_at", "due_at"),
        ],
    }


def repair(apps, schema_editor):
    for name, fields in repairs(apps).items():
        repair_impossible(apps.get_model("visits", name), fields)
        repair_impossible(apps.get_model("visits", f"Historical{name}"), fields)
    repair_impossible(
        apps.get_model("visits", "MethodMeeting"), [("held_on", "created_at")]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("visits", "0013_date_windows"),
    ]

    operations = [
        migrations.RunPython(repair, migrations.RunPython.noop),
    ]
