from django.core.management.base import BaseCommand, CommandError

from organizations import services


class Command(BaseCommand):
    help = "Verify the organization tree: paths, depths, child counters, kinds, members' paths."

    def handle(self, *args, **options):
        problems = services.tree_problems()
        for code, message in problems:
            self.stdout.write(f"{code}: {message}")
        if problems:
            raise CommandError(f"{len(problems)} problem(s) found in the organization tree.")
        self.stdout.write("The organization tree is consistent.")
