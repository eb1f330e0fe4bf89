"""Guided tours: a walk through the graph one step at a time, written for teaching.

A tour has an id, a title, an audience, an optional description and steps. Each step
says what is in view (``nodes``, a ``path`` walked along existing edges, and/or a
``focus`` node with its direct neighbours), which edges to highlight (``edges``, written
``subject|relation|object``), a ``narration``, and optionally a ``question`` with its
``answer``. Tours live in ``data/tours/*.yaml``, one tour per file; the knowledge-base
loader reads only the files directly inside ``data/``, so tours never disturb it.

Tours are checked against the built graph the way the loader checks the data: every
problem (an unknown node or edge, with the closest match; a path whose neighbours no edge
joins; a step without narration; a repeated tour id; broken YAML) is located as
``file:line: field: message``, and all of them are raised together in one
``SchemaError``. A tour is a frozen record; ``tour_to_yaml`` and ``tour_from_yaml`` are a
symmetric pair, so a tour generated from a path (``tour_from_path``) or a focus
(``tour_from_focus``), edited (``edit_steps``: reword, reorder, drop) and saved, loads
back as it was written. ``step_view`` says what a step shows, for the app, the one-file
lesson (``graph.lesson``) and the handout alike.
"""

from .check import find_tour, load_tours, tour_from_yaml
from .make import StepEdit, edit_steps, step_view, tour_from_focus, tour_from_path
from .model import DEFAULT_TOURS_DIR, Tour, TourStep, UnknownTour
from .write import tour_to_yaml

__all__ = [
    "DEFAULT_TOURS_DIR",
    "StepEdit",
    "Tour",
    "TourStep",
    "UnknownTour",
    "edit_steps",
    "find_tour",
    "load_tours",
    "step_view",
    "tour_from_focus",
    "tour_from_path",
    "tour_from_yaml",
    "tour_to_yaml",
]
