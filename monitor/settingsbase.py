"""What every settings model shares: strict, frozen models and durations written as text."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict

from monitor.durations import parse_duration

__all__ = ["Duration", "SettingsModel"]

Duration = Annotated[timedelta, BeforeValidator(parse_duration)]


class SettingsModel(BaseModel):
    """A section of ``sources.yaml``: unknown keys are refused, values never change."""

    model_config = ConfigDict(extra="forbid", frozen=True)
