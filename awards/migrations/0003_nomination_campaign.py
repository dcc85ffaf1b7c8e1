# Campaign FK added once emulation.Campaign (emulation 0001_initial) was in git.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0002_seed_catalogue"),
        ("emulation", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="nomination",
            name="campaign",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="nominations",
                to="emulation.campaign",
                verbose_name="phong trào thi đua",
            ),
        ),
    ]
