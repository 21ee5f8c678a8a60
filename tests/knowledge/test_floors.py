"""Every module of the knowledge app stands on a floor the import contracts check.

The "floors" layers contract in pyproject.toml names knowledge's core module by module (its
twinning and events floors are subpackages, so the core cannot be named as "knowledge" whole); a
new module left out of that list would escape the check without this test.
"""

import pkgutil
import tomllib
from pathlib import Path

from django.conf import settings

import knowledge

# Its path is stored with every queued task, so it stays where it is and reaches the events floor.
OUTSIDE_THE_FLOORS = {"knowledge.tasks"}


def floors_contract() -> dict:
    config = tomllib.loads((Path(settings.BASE_DIR) / "pyproject.toml").read_text())
    (contract,) = [c for c in config["tool"]["importlinter"]["contracts"] if c["id"] == "floors"]
    return contract


def layer_modules(layer: str) -> set[str]:
    return {name.strip() for part in layer.split("|") for name in part.split(":") if name.strip()}


def test_twinning_and_events_stand_above_experts_and_experts_above_knowledges_core():
    top, middle, core = (layer_modules(layer) for layer in floors_contract()["layers"])

    assert top == {"knowledge.twinning", "knowledge.events"}
    assert middle == {"experts"}
    assert {"knowledge.models", "knowledge.selectors", "knowledge.views", "knowledge.search"} <= core


def test_every_knowledge_module_is_on_a_floor():
    *_, core = (layer_modules(layer) for layer in floors_contract()["layers"])
    floors = core | {"knowledge.twinning", "knowledge.events"} | OUTSIDE_THE_FLOORS

    modules = {
        info.name
        for info in pkgutil.walk_packages(knowledge.__path__, prefix="knowledge.")
        if ".migrations" not in info.name
    }

    unplaced = sorted(
        name for name in modules if not any(name == floor or name.startswith(f"{floor}.") for floor in floors)
    )
    assert unplaced == []
