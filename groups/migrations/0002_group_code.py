"""Groups get a stable code that import files refer to.

Existing groups get a code "G" + their id, zero-padded (unique by
construction); new groups draw a random one unless the user gives theirs.
"""

import django.core.validators
from django.db import migrations, models

import groups.models


def backfill_codes(apps, schema_editor):
    FunctionalGroup = apps.get_model("groups", "FunctionalGroup")
    groups = list(FunctionalGroup.objects.filter(code__isnull=True).only("pk"))
    for group in groups:
        group.code = f"G{group.pk:06d}"
    FunctionalGroup.objects.bulk_update(groups, ["code"])


class Migration(migrations.Migration):
    dependencies = [("groups", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="functionalgroup",
            name="code",
            field=models.CharField(max_length=20, null=True),
        ),
        migrations.RunPython(backfill_codes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="functionalgroup",
            name="code",
            field=models.CharField(
                default=groups.models.new_group_code,
                help_text="A short code that import files use to refer to the group.",
                max_length=20,
                unique=True,
                validators=[
                    django.core.validators.RegexValidator(
                        "^[A-Za-z0-9][A-Za-z0-9_-]*$",
                        "A group code has letters, digits, hyphens and underscores only, e.g. SK-2019-1.",
                    )
                ],
                verbose_name="group code",
            ),
        ),
    ]
