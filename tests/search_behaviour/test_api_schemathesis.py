"""schemathesis against the JSON API in-process (WSGI, no server), as `st run --checks all` runs
it: every phase (examples, coverage, fuzzing, stateful) and every check — answers conform to the
description (status codes, content types, headers, bodies), values the description allows are
accepted and values it refuses answer 4xx, unlisted methods answer 405 with Allow, nothing answers
5xx — with at least 200 generated requests per operation (`make api-fuzz`).

Why the engine and not schemathesis' pytest plugin: its lazy fixture loader does not run on
pytest 9 (it reads a private attribute pytest removed), and the engine is what the CLI runs, so
this is the same run a reader would make against a served portal.
"""

import os
from collections import Counter

import pytest
import schemathesis
from schemathesis.engine import Status, events, from_schema

from experts.factories import ExpertFactory
from experts.models import Availability
from knowledge.factories import CaseStudyPageFactory
from portal.wsgi import application

EXAMPLES_PER_OPERATION = 200
# A fixed seed makes `make test` say the same thing on every run of the same code: CI once failed on a
# request a random run happened to draw (`availability=&language=`, which the description allows:
# an empty value of a repeatable filter is the one-item array [""]; schemathesis 4.32.5 judged the
# array-to-string mutation before serialization). API_FUZZ_SEED=random explores new draws.
SEED = os.environ.get("API_FUZZ_SEED", "20261207")
OPERATIONS = {
    "GET /api/v1/experts",
    "GET /api/v1/knowledge",
    "GET /api/v1/twinning/suggestions",
}
# The engine sends requests from a worker thread of its own: the rows it reads must be committed.
pytestmark = [pytest.mark.api_fuzz, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def content(settings, case_study_index, terms):
    # The rate limit has tests of its own (tests/faults/test_rate_limits.py); here it would turn
    # the generated requests into 429s after the first few hundred.
    settings.SEARCH_RATE_LIMIT_PER_MINUTE = 0
    city, action = terms["city"], terms["action"]
    CaseStudyPageFactory(
        parent=case_study_index,
        slug="haiphong-inventory",
        title="Haiphong emissions inventory",
        city=city["haiphong"],
        year=2016,
        terms={"actions": [action["emissions-inventory"]], "partner_cities": [city["kitakyushu"]]},
    )
    ExpertFactory(
        name="Trần Thị Lan",
        city=city["hanoi"],
        languages=["vi", "en"],
        availability=[Availability.MENTOR],
        actions=[action["emissions-inventory"]],
    )


def test_the_api_keeps_its_description(content):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    schema.config.checks.update(included_check_names=["all"])
    # No example database on disk: each run starts from the description alone.
    schema.config.generation.update(max_examples=EXAMPLES_PER_OPERATION, database="none")
    if SEED != "random":
        schema.config.seed = int(SEED)

    problems: list[str] = []
    requests: Counter[str] = Counter()
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            requests[event.recorder.label] += len(event.recorder.interactions)
            for checks in event.recorder.checks.values():
                for check in checks:
                    if check.status == Status.FAILURE and check.failure_info is not None:
                        failure = check.failure_info.failure
                        problems.append(
                            f"{event.recorder.label} {check.name}: {failure.title}: {failure.message}\n"
                            f"{check.failure_info.code_sample}"
                        )
        elif isinstance(event, events.NonFatalError | events.FatalError):
            problems.append(f"error: {getattr(event, 'value', getattr(event, 'exception', event))!r}")

    assert problems == [], "\n\n".join(dict.fromkeys(problems))
    assert set(requests) >= OPERATIONS, requests
    assert all(requests[operation] >= EXAMPLES_PER_OPERATION for operation in OPERATIONS), requests
