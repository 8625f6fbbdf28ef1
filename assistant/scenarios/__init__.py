"""Scenarios: cases written by trainers from the SOP, replayed through the tree as tests and
used for training (see :mod:`assistant.training`)."""

from __future__ import annotations

from assistant.scenarios.coverage import ScenarioCoverage, scenario_coverage
from assistant.scenarios.load import ModelPathError, load_scenario, model_walk
from assistant.scenarios.model import (
    Divergence,
    Expectation,
    Scenario,
    ScenarioResult,
    TeachingNote,
)
from assistant.scenarios.runner import (
    ReplayTiming,
    ScenarioLibrary,
    check,
    compare,
    replay,
    replay_many,
)
from assistant.scenarios.write import refuse_existing, scenario_toml, write_atomic

__all__ = [
    "Divergence",
    "Expectation",
    "ModelPathError",
    "ReplayTiming",
    "Scenario",
    "ScenarioCoverage",
    "ScenarioLibrary",
    "ScenarioResult",
    "TeachingNote",
    "check",
    "compare",
    "load_scenario",
    "model_walk",
    "refuse_existing",
    "replay",
    "replay_many",
    "scenario_coverage",
    "scenario_toml",
    "write_atomic",
]
