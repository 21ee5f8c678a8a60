import importlib
import importlib.util

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from portal.content_data import ContentDataError


class Command(BaseCommand):
    help = "Load the demo content of every app (idempotent: running it again updates, never duplicates)."

    def handle(self, *args, **options) -> None:
        modules = []
        problems: list[str] = []
        for app_config in apps.get_app_configs():
            module_name = f"{app_config.name}.demo"
            if importlib.util.find_spec(module_name) is None:
                continue
            try:
                modules.append(importlib.import_module(module_name))
            except ContentDataError as error:  # a module that turns its data into entries at import
                problems += error.problems
        # Every demo module's data files (portal.content_data) are checked before anything is
        # written, so a broken file names all its problems and loads nothing.
        for module in modules:
            for data_file in getattr(module, "DATA_FILES", ()):
                problems += data_file.problems()
        if problems:
            raise CommandError("the demo's data files cannot be loaded:\n" + "\n".join(problems))
        for module in modules:
            with transaction.atomic():
                module.load(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo content loaded."))
