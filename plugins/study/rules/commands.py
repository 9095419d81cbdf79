"""What a leader submits about the scoring rules: a new version, in force from a date."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError


class PublishRules(BaseModel):
    """Publish a new version of the scoring rules, in force from a date (never before today)."""

    model_config = ConfigDict(str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=100)
    effective_from: date
    daily_target_minutes: int = Field(default=60, ge=1, le=600)
    credit_study_hour: float = Field(default=1.0, ge=0, le=1000)
    credit_notebook_entry: float = Field(default=2.0, ge=0, le=1000)
    credit_training_hour: float = Field(default=0.5, ge=0, le=1000)
    paper_excellent: float = Field(default=20.0, ge=0, le=1000)
    paper_good: float = Field(default=15.0, ge=0, le=1000)
    paper_pass: float = Field(default=10.0, ge=0, le=1000)
    paper_fail: float = Field(default=0.0, ge=0, le=1000)
    weight_study: float = Field(default=0.4, ge=0, le=1)
    weight_notebook: float = Field(default=0.2, ge=0, le=1)
    weight_paper: float = Field(default=0.2, ge=0, le=1)
    weight_training: float = Field(default=0.1, ge=0, le=1)
    weight_evaluation: float = Field(default=0.1, ge=0, le=1)
    note: str = Field(default="", max_length=2000)

    @model_validator(mode="after")
    def _weights_add_up(self) -> PublishRules:
        total = (
            self.weight_study + self.weight_notebook + self.weight_paper + self.weight_training + self.weight_evaluation
        )
        if abs(total - 1.0) > 1e-6:
            raise PydanticCustomError(
                "weights_sum", "the weights must add up to 1 (they add up to {total})", {"total": round(total, 3)}
            )
        return self

    def credits(self) -> dict[str, float]:
        return {
            "study_hour": self.credit_study_hour,
            "notebook_entry": self.credit_notebook_entry,
            "training_hour": self.credit_training_hour,
        }

    def paper_credits(self) -> dict[str, float]:
        return {
            "excellent": self.paper_excellent,
            "good": self.paper_good,
            "pass": self.paper_pass,
            "fail": self.paper_fail,
        }

    def weights(self) -> dict[str, float]:
        return {
            "study": self.weight_study,
            "notebook": self.weight_notebook,
            "paper": self.weight_paper,
            "training": self.weight_training,
            "evaluation": self.weight_evaluation,
        }
