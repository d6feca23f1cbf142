from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("academy", "0004_leadership_pipeline_and_mentoring"),
    ]

    operations = [
        migrations.AddField(
            model_name="academyrule",
            name="shortlist_email",
            field=models.BooleanField(
                default=True, verbose_name="Email the talent pool's shortlist to the recruiter"
            ),
        ),
    ]
