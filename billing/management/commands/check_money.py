"""Check the money invariants over the whole database (after a load test, or any time):
totals, balances and invoice numbers. Exits 1 and lists the problems when one fails."""

from django.core.management.base import BaseCommand, CommandError

from billing import invariants


class Command(BaseCommand):
    help = "Check that totals, balances and invoice numbers hold (reliability.md 19-23)."

    def handle(self, *args, **options):
        problems = invariants.money_problems()
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} money invariant(s) broken")
        facts = ", ".join(f"{k}: {v}" for k, v in invariants.summary().items())
        self.stdout.write(f"Money invariants hold ({facts}).")
