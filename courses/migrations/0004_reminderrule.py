import datetime

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('courses', '0003_drills'),
    ]

    operations = [
        migrations.CreateModel(
            name='ReminderRule',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('session_reminder', 'Before each session'), ('course_due_soon', 'Before the course is due'), ('course_overdue', 'After the course is overdue')], default='session_reminder', max_length=30, verbose_name='kind')),
                ('offset', models.DurationField(help_text="How long before the session or due date (after it, for overdue). E.g. '1 00:00:00' is one day.", verbose_name='offset')),
                ('copy_to_manager', models.BooleanField(default=False, help_text='For overdue notices: the manager gets a copy once the business days below have passed.', verbose_name="copy to the person's manager")),
                ('manager_after_business_days', models.PositiveSmallIntegerField(default=3, verbose_name='manager copy after (business days)')),
                ('course', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reminder_rules', to='courses.course')),
            ],
            options={
                'ordering': ['course', 'kind', '-offset'],
                'constraints': [models.UniqueConstraint(fields=('course', 'kind', 'offset'), name='reminder_rule_unique_offset'), models.CheckConstraint(condition=models.Q(('offset__gte', datetime.timedelta(0))), name='reminder_rule_offset_not_negative')],
            },
        ),
    ]
