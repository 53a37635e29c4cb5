"""The models that came from visits (visits 0009 renamed their tables): only the
migration state is created here; the rows are already in the tables."""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = ('notification', 'remindersettings')


def content_types_follow(apps, schema_editor):
    """Permissions and admin history of the moved models stay attached to them."""
    ContentType = apps.get_model('contenttypes', 'ContentType')
    ContentType.objects.filter(app_label='visits', model__in=MOVED).update(app_label='notifications')


def content_types_return(apps, schema_editor):
    ContentType = apps.get_model('contenttypes', 'ContentType')
    ContentType.objects.filter(app_label='notifications', model__in=MOVED).update(app_label='visits')


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('prospects', '0006_historicaladvantage_historicalcompetitor_and_more'),
        ('visits', '0009_notifications_move_to_their_app'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    state_operations = [
        migrations.CreateModel(
            name='ReminderSettings',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('upcoming_days', models.PositiveSmallIntegerField(default=2, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(7)], verbose_name='remind this many days before the due date')),
                ('escalation_grace_days', models.PositiveSmallIntegerField(default=2, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(30)], verbose_name='escalate to the manager this many days after the due date')),
                ('max_email_attempts', models.PositiveSmallIntegerField(default=6, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(20)], verbose_name='give up on an e-mail after this many attempts')),
            ],
            options={
                'verbose_name': 'reminder settings',
                'verbose_name_plural': 'reminder settings',
            },
        ),
        migrations.CreateModel(
            name='Notification',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('due_on', models.DateField(blank=True, null=True, verbose_name='for the day')),
                ('kind', models.CharField(choices=[('upcoming', 'Follow-up coming up'), ('due', 'Follow-up due today'), ('overdue', 'Follow-up overdue'), ('escalation', 'Follow-up escalated'), ('approach_again', 'Time to approach again')], max_length=20, verbose_name='kind')),
                ('created_at', models.DateTimeField(verbose_name='created')),
                ('read_at', models.DateTimeField(blank=True, null=True, verbose_name='read')),
                ('email_status', models.CharField(choices=[('pending', 'Waiting to be sent'), ('sending', 'Being sent'), ('sent', 'Sent'), ('failed', 'Failed'), ('skipped', 'Not sent: no longer needed')], default='pending', max_length=10, verbose_name='e-mail')),
                ('email_attempts', models.PositiveSmallIntegerField(default=0, verbose_name='e-mail attempts')),
                ('email_next_attempt_at', models.DateTimeField(verbose_name='next attempt')),
                ('email_enqueued_at', models.DateTimeField(blank=True, null=True, verbose_name='last enqueued')),
                ('email_claim', models.UUIDField(blank=True, editable=False, null=True)),
                ('email_lease_until', models.DateTimeField(blank=True, null=True, verbose_name='claimed until')),
                ('email_sent_at', models.DateTimeField(blank=True, null=True, verbose_name='e-mail sent')),
                ('email_error', models.TextField(blank=True, verbose_name='last e-mail error')),
                ('follow_up', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to='visits.followup', verbose_name='follow-up')),
                ('prospect', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to='prospects.prospect', verbose_name='key account')),
                ('recipient', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to=settings.AUTH_USER_MODEL, verbose_name='recipient')),
            ],
            options={
                'verbose_name': 'notification',
                'verbose_name_plural': 'notifications',
                'ordering': ['-created_at'],
                'indexes': [models.Index(fields=['email_status', 'email_next_attempt_at'], name='visits_noti_email_s_062c68_idx'), models.Index(fields=['recipient', 'read_at'], name='visits_noti_recipie_33ad3e_idx')],
                'constraints': [models.UniqueConstraint(fields=('follow_up', 'kind'), name='visits_one_reminder_per_kind'), models.UniqueConstraint(condition=models.Q(('follow_up__isnull', True)), fields=('prospect', 'kind', 'due_on'), name='visits_one_account_reminder_per_day'), models.CheckConstraint(condition=models.Q(('follow_up__isnull', False), ('prospect__isnull', False), _connector='OR'), name='visits_reminder_has_a_subject')],
            },
        ),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=state_operations),
        migrations.RunPython(content_types_follow, content_types_return),
    ]
