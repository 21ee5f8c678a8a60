import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from knowledge.maps import ASSET_PATH, SOURCE_PATH, build_asset


class Command(BaseCommand):
    help = (
        "Rebuild the map's country shapes (knowledge/data/map_countries.json, committed) from the "
        "world-atlas npm package (`npm ci` installs it into node_modules/). Serving needs no node."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--source", type=Path, default=SOURCE_PATH)
        parser.add_argument("--output", type=Path, default=ASSET_PATH)

    def handle(self, *args, source: Path, output: Path, **options) -> None:
        if not source.is_file():
            raise CommandError(f"{source}: no such file (run `npm ci` first)")
        asset = build_asset(topology=json.loads(source.read_text(encoding="utf-8")))
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(
            json.dumps(asset, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
        )
        self.stdout.write(f"{output}: {len(asset['countries'])} countries, {output.stat().st_size:,} bytes")
