"""`python manage.py seed_demo [--scale N] [--if-empty]`: the demo agency (agency.demo)."""

from django.core.management.base import BaseCommand

from agency import demo
from agency.demo import scale as demo_scale


class Command(BaseCommand):
    help = (
        "Create the demo agency: people, clients, and accounts with their briefs, teams and "
        "histories. Idempotent: what exists is left alone. Prints the demo logins."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=int,
            default=0,
            metavar="N",
            help=f"Also create N generated clients with {demo_scale.ACCOUNTS_PER_CLIENT} "
            "accounts each (for measuring a larger agency).",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Seed only when there are no users besides the system user.",
        )

    def handle(self, *args, scale: int, if_empty: bool, verbosity: int, **options):
        if if_empty and demo.has_people():
            self.stdout.write("The database already has users: not seeding (--if-empty).")
            return
        if verbosity < 1:
            demo.seed(scale=scale, log=lambda _line: None)
            return
        demo.seed(scale=scale, log=self.stdout.write)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        self.stdout.write(demo.format_logins(demo.logins()))
