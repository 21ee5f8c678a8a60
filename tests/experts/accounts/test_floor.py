"""Accounts stand below the experts directory, and every module of experts is on one side.

The import-linter contract ``accounts-below-directory`` (pyproject.toml) forbids experts.accounts to
import the modules it lists as the directory's. A new module of experts left out of that list
would escape the check without this test.
"""

import pkgutil
import tomllib
from pathlib import Path

from django.conf import settings

import experts

# Imports nothing of the project (an error class): both sides may use it.
GROUND = {"experts.exceptions"}


def accounts_contract() -> dict:
    config = tomllib.loads((Path(settings.BASE_DIR) / "pyproject.toml").read_text())
    (contract,) = [
        c for c in config["tool"]["importlinter"]["contracts"] if c["id"] == "accounts-below-directory"
    ]
    return contract


def test_the_contract_keeps_accounts_from_the_directorys_models_selectors_views_and_moderation():
    contract = accounts_contract()

    assert contract["type"] == "forbidden"
    assert contract["source_modules"] == ["experts.accounts"]
    assert {
        "experts.models",
        "experts.selectors",
        "experts.views",
        "experts.services",
        "experts.search",
    } <= set(contract["forbidden_modules"])
    assert not contract.get("allow_indirect_imports", False)


def test_every_module_of_experts_is_accounts_directory_or_ground():
    directory = set(accounts_contract()["forbidden_modules"])
    top_level = {info.name for info in pkgutil.iter_modules(experts.__path__, prefix="experts.")}

    unplaced = sorted(top_level - directory - GROUND - {"experts.accounts"})
    assert unplaced == []


def test_the_accounts_models_keep_the_experts_label_and_their_tables():
    from experts.accounts.models import Account, Invitation, Passkey, SignInAttempt

    tables = {
        model._meta.label: model._meta.db_table for model in (Account, Invitation, Passkey, SignInAttempt)
    }

    assert tables == {
        "experts.Account": "experts_account",
        "experts.Invitation": "experts_invitation",
        "experts.Passkey": "experts_passkey",
        "experts.SignInAttempt": "experts_signinattempt",
    }
