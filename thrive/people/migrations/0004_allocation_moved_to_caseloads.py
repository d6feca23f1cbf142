# Allocation moved to the caseloads app. Only Django's picture of the models changes: the table
# (people_allocation) stays where it is, with its rows, so nothing is copied.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('people', '0003_staff_cfkss_status'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='Allocation')],
            database_operations=[],
        ),
    ]
