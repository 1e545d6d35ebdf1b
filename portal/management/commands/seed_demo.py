from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal import demo
from portal.models import Role


class Command(BaseCommand):
    help = (
        "Fill the database with a demo contact centre (two sites, ten teams, about 150 people "
        "who all share one demo password) and three weeks of its community: posts, comments, "
        "reactions, shift swaps, kudos, lost property and customer feedback. Safe to run "
        "again: it only adds what is missing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Seed even though DEBUG is off. Everyone gets the same well-known password.",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off, so this looks like production: the demo people all share a "
                "published password. Run with DEBUG=1, or pass --force if you really mean it."
            )
        result = demo.seed_demo()
        if result.changed:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Created {result.people} people, {result.teams} teams, "
                    f"{result.departments} departments and {result.sites} sites."
                )
            )
            if community := result.community:
                self.stdout.write(
                    self.style.SUCCESS(
                        f"Created {community.posts} community posts ({community.swaps} shift "
                        f"swaps, {community.kudos} kudos, {community.lost_items} lost and found, "
                        f"{community.feedback} customer feedback) with {community.comments} "
                        f"comments, {community.reactions} reactions and {community.views} views; "
                        f"{community.nominations} nominations and {community.reports} reports."
                    )
                )
            if result.briefing_items:
                self.stdout.write(
                    self.style.SUCCESS(f"Created {result.briefing_items} briefing items.")
                )
        else:
            self.stdout.write("The demo data is already in place; nothing changed.")
        self.stdout.write("\nSign in at /accounts/login/ as any of these:")
        for role, (email, name) in demo.DEMO_LOGINS.items():
            self.stdout.write(f"  {Role(role).label:<22} {email:<34} ({name})")
        self.stdout.write(f"Password for every demo person: {demo.DEMO_PASSWORD}")
