"""Notification and ReminderSettings now belong to the notifications app: their
tables are renamed, their rows kept (notifications 0001 takes them over)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("visits", "0008_historicalfirstcontact_historicalfollowup_and_more"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable("Notification", "notifications_notification"),
                migrations.AlterModelTable(
                    "ReminderSettings", "notifications_remindersettings"
                ),
            ],
            state_operations=[
                migrations.DeleteModel("Notification"),
                migrations.DeleteModel("ReminderSettings"),
            ],
        ),
    ]
