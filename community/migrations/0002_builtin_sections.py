"""The sections that come with Switchboard.

Names and descriptions are stored in English; administrators may rename them. HR
posting goes to the department called HR (or Human Resources), created if missing.
"""

from django.db import migrations

MANAGERS = ["manager", "administrator"]
ADMINISTRATORS = ["administrator"]

SECTIONS = [
    # slug, name, icon, description, posting roles, HR department may post
    ("announcements", "Announcements", "megaphone",
     "News from leadership for the whole floor.", MANAGERS, False),
    ("hr", "HR", "person-badge",
     "Policies, payroll dates and benefits from HR.", ADMINISTRATORS, True),
    ("shift-swaps", "Shift swaps", "arrow-left-right",
     "Offer a shift or ask someone to cover yours.", [], False),
    ("lost-and-found", "Lost and found", "search",
     "Left something behind, or found something that isn't yours?", [], False),
    ("recognition", "Recognition", "award",
     "Thank a colleague and say what they did well.", [], False),
    ("customer-feedback", "Customer feedback", "chat-heart",
     "Compliments and complaints the floor can learn from. Leave customer details out.",
     [], False),
    ("tips", "Tips and know-how", "lightbulb",
     "Shortcuts, workarounds and answers that help on calls.", [], False),
    ("general", "General", "chat-dots",
     "Everything else worth sharing with colleagues.", [], False),
]  # fmt: skip


def hr_department(Department):
    for name in ("HR", "Human Resources"):
        department = Department.objects.filter(name__iexact=name).first()
        if department is not None:
            return department
    return Department.objects.create(name="HR")


def create_sections(apps, schema_editor):
    Section = apps.get_model("community", "Section")
    SectionPostingRole = apps.get_model("community", "SectionPostingRole")
    Department = apps.get_model("portal", "Department")
    for position, (slug, name, icon, description, roles, hr) in enumerate(SECTIONS, start=1):
        section, created = Section.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "icon": icon,
                "description": description,
                "position": position * 10,
                "is_builtin": True,
                "posting_department": hr_department(Department) if hr else None,
            },
        )
        if created:
            SectionPostingRole.objects.bulk_create(
                SectionPostingRole(section=section, role=role) for role in roles
            )


def remove_sections(apps, schema_editor):
    Section = apps.get_model("community", "Section")
    Section.objects.filter(is_builtin=True, posts__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0001_initial"),
        ("portal", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_sections, remove_sections)]
