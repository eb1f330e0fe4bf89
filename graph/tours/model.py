"""Tours as frozen pydantic records: a tour, its steps, and the error for an unknown id."""

from __future__ import annotations

from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from ..errors import AtlasError
from ..load import DEFAULT_DATA_DIR
from ..schema import Slug, Text, split_edge_id

DEFAULT_TOURS_DIR = DEFAULT_DATA_DIR / "tours"
"""The tours shipped with the project."""

_MODEL = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)
TOUR_FIELDS = ("id", "title", "audience", "description", "steps")
STEP_FIELDS = (
    "title",
    "nodes",
    "path",
    "focus",
    "edges",
    "claims",
    "evidence",
    "narration",
    "question",
    "answer",
)
"""Field order of a step as ``tour_to_yaml`` writes it: what is seen, then what is said."""

__all__ = ["DEFAULT_TOURS_DIR", "STEP_FIELDS", "TOUR_FIELDS", "Tour", "TourStep", "UnknownTour"]


def _is_edge_id(text: str) -> str:
    if split_edge_id(text) is None:
        raise ValueError(
            f"write an edge as subject|relation|object, like 'almonds|rich_in|magnesium'"
            f" (got {text!r})"
        )
    return text


EdgeId = Annotated[str, AfterValidator(_is_edge_id)]


class TourStep(BaseModel):
    """One step of a tour: what is in view, what is highlighted, and what is said.

    ``nodes`` are shown as they are; ``path`` is a walk whose neighbours are joined by
    an edge (either way), and all such edges are highlighted; ``focus`` shows a node with
    its direct neighbours; ``edges`` (``subject|relation|object``) are highlighted too.
    ``question`` and ``answer`` come together or not at all. ``claims`` (edge ids) and
    ``evidence`` (evidence record ids) are what the step's sentences rest on; a step read
    from a file must name some, each in its view (see ``graph.integrity.check_grounds``).
    """

    model_config = _MODEL

    title: Text
    narration: Text
    nodes: tuple[Slug, ...] = ()
    path: tuple[Slug, ...] = ()
    focus: Slug | None = None
    edges: tuple[EdgeId, ...] = ()
    claims: tuple[EdgeId, ...] = ()
    evidence: tuple[Slug, ...] = ()
    question: Text | None = None
    answer: Text | None = Field(default=None, validate_default=True)

    @field_validator("path")
    @classmethod
    def _path_is_a_walk(cls, path: tuple[str, ...]) -> tuple[str, ...]:
        if len(path) == 1:
            raise ValueError("a path needs at least two nodes (use nodes to show one)")
        repeated = sorted({node for node in path if path.count(node) > 1})
        if repeated:
            raise ValueError(f"a path visits each node once ({repeated[0]!r} comes twice)")
        return path

    @field_validator("answer")
    @classmethod
    def _answer_goes_with_question(cls, answer: str | None, info: ValidationInfo) -> str | None:
        has_question = info.data.get("question") is not None
        if has_question and answer is None:
            raise ValueError("a question needs its answer (add answer:)")
        if answer is not None and not has_question and "question" in info.data:
            raise ValueError("an answer needs its question (add question:)")
        return answer

    @model_validator(mode="after")
    def _shows_something(self) -> TourStep:
        if not (self.nodes or self.path or self.focus or self.edges):
            raise ValueError("a step needs something in view: nodes, a path, a focus or edges")
        return self


class Tour(BaseModel):
    """A guided tour: a title, who it is for, and its steps in order."""

    model_config = _MODEL

    id: Slug
    title: Text
    audience: Text
    description: str = ""
    steps: tuple[TourStep, ...]

    @field_validator("steps")
    @classmethod
    def _has_steps(cls, steps: tuple[TourStep, ...]) -> tuple[TourStep, ...]:
        if not steps:
            raise ValueError("a tour needs at least one step")
        return steps


class UnknownTour(AtlasError, KeyError):
    """No tour has this id; ``suggestions`` holds the closest ids, if any."""

    def __init__(self, tour_id: str, suggestions: tuple[str, ...] = ()) -> None:
        self.tour_id = tour_id
        self.suggestions = suggestions
        hint = f" (did you mean {', '.join(map(repr, suggestions))}?)" if suggestions else ""
        super().__init__(f"no tour has the id {tour_id!r}{hint}")

    def __str__(self) -> str:
        return str(self.args[0])
