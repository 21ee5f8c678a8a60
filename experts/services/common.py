"""What the directory's services share: the taxonomy columns of a profile. Who decided first,
e-mailing a person in their language and the audit trail's hook are the accounts'
(experts.accounts.services.common), which the directory's services import.
"""

from __future__ import annotations

from knowledge.models import Action, Pollutant, Sector, Theme

TAXONOMY_MODELS = {"themes": Theme, "pollutants": Pollutant, "sectors": Sector, "actions": Action}
