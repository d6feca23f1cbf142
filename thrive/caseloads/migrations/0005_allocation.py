# Allocation moved here from the people app. Only Django's picture of the models changes: the
# table (people_allocation) stays where it is, with its rows, so nothing is copied.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('caseloads', '0004_member_uniqueness'),
        ('people', '0004_allocation_moved_to_caseloads'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Allocation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('version', models.PositiveIntegerField(default=1)),
                        ('child_id', models.CharField(max_length=64)),
                        ('family_id', models.CharField(blank=True, max_length=64)),
                        ('case_type', models.CharField(blank=True, choices=[('early_help', 'Early help'), ('cin', 'Child in need'), ('cp', 'Child protection plan'), ('cla', 'Looked after'), ('care_leaver', 'Care leaver'), ('other', 'Other')], max_length=16)),
                        ('start_date', models.DateField()),
                        ('end_date', models.DateField(blank=True, null=True)),
                        ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='people.organisation')),
                        ('worker', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='allocations', to='people.staffmember')),
                    ],
                    options={
                        'db_table': 'people_allocation',
                        'ordering': ['-start_date'],
                        'indexes': [models.Index(fields=['organisation', 'start_date', 'end_date'], name='people_allo_organis_35ce26_idx')],
                        'constraints': [
                            models.UniqueConstraint(fields=('organisation', 'child_id', 'worker', 'start_date'), name='allocation_child_worker_start'),
                            models.CheckConstraint(condition=models.Q(('end_date__isnull', True), ('end_date__gte', models.F('start_date')), _connector='OR'), name='allocation_end_after_start'),
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
