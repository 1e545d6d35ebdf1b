"""The built-in "New starters" section, where finished new-starter projects are written up.

Open to everyone, like General: new starters post their write-ups there and anyone may
welcome them.
"""

from django.db import migrations

SLUG = "new-starters"


def create_section(apps, schema_editor):
    Section = apps.get_model("community", "Section")
    Section.objects.get_or_create(
        slug=SLUG,
        defaults={
            "name": "New starters",
            "icon": "rocket-takeoff",
            "description": "Welcome new colleagues and read what they did in their first weeks.",
            "position": 75,
            "is_builtin": True,
        },
    )


def remove_section(apps, schema_editor):
    Section = apps.get_model("community", "Section")
    Section.objects.filter(slug=SLUG, is_builtin=True, posts__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0009_huddles_projects_groups"),
    ]

    operations = [migrations.RunPython(create_section, remove_section)]
