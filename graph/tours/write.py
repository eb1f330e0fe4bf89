"""Write a tour as readable YAML that ``tour_from_yaml`` reads back equal."""

from __future__ import annotations

from typing import Any

import yaml

from .model import STEP_FIELDS, Tour

__all__ = ["tour_to_yaml"]


class _TourDumper(yaml.SafeDumper):
    """Mappings as blocks, lists of ids on one line, long text folded, lines kept."""


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    # The emitter falls back to a quoted style when a block style cannot hold the text,
    # but single quotes lose Unicode line breaks and odd characters: those get escapes.
    if any(not char.isprintable() and char != "\n" for char in text):
        style = '"'
    elif "\n" in text:
        style = "|"
    else:
        style = ">" if len(text) > _FOLD_AT else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


def _represent_list(dumper: yaml.SafeDumper, items: list) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", items, flow_style=True)


def _represent_mapping(dumper: yaml.SafeDumper, mapping: dict) -> yaml.MappingNode:
    return dumper.represent_mapping("tag:yaml.org,2002:map", mapping.items(), flow_style=False)


_TourDumper.add_representer(str, _represent_text)
_TourDumper.add_representer(list, _represent_list)
_TourDumper.add_representer(dict, _represent_mapping)
_FOLD_AT = 60
"""Text longer than this is written folded (``>``), wrapped at ``_WIDTH``."""
_WIDTH = 84


def _dump(value: dict[str, Any]) -> str:
    return yaml.dump(value, Dumper=_TourDumper, allow_unicode=True, width=_WIDTH)


def _comment(text: str) -> str:
    """``text`` as a one-line YAML comment may hold it: printable, no line breaks."""
    return "".join(char for char in " ".join(text.split()) if char.isprintable())


def tour_to_yaml(tour: Tour) -> str:
    """Write ``tour`` as readable YAML that ``tour_from_yaml`` reads back equal.

    The same tour always gives the same text: fields in a fixed order, empty ones left
    out, node lists on one line, each step under a ``# Step N of M`` comment.

    Examples
    --------
    >>> from graph.tours import Tour, TourStep
    >>> step = TourStep(title="Almonds", nodes=("almonds",), narration="Nuts.")
    >>> print(tour_to_yaml(Tour(id="nuts", title="Nuts", audience="all", steps=(step,))))
    # Tour: Nuts
    # Each step: what is in view (nodes, path, focus), the edges to highlight
    # (subject|relation|object), the narration, and optionally a question and its answer.
    id: nuts
    title: Nuts
    audience: all
    steps:
    <BLANKLINE>
      # Step 1 of 1
      - title: Almonds
        nodes: [almonds]
        narration: Nuts.
    <BLANKLINE>
    """
    head = {field: getattr(tour, field) for field in ("id", "title", "audience")}
    if tour.description:
        head["description"] = tour.description
    lines = [
        f"# Tour: {_comment(tour.title)}",
        "# Each step: what is in view (nodes, path, focus), the edges to highlight",
        "# (subject|relation|object), the narration, and optionally a question and its answer.",
        _dump(head).rstrip("\n"),
        "steps:",
    ]
    total = len(tour.steps)
    for number, step in enumerate(tour.steps, start=1):
        fields = {}
        for field in STEP_FIELDS:
            value = getattr(step, field)
            if value:
                fields[field] = list(value) if isinstance(value, tuple) else value
        body = _dump(fields).rstrip("\n").split("\n")
        lines += ["", f"  # Step {number} of {total}"]
        lines += [
            ("  - " if index == 0 else "    ") + line if line else ""
            for index, line in enumerate(body)
        ]
    return "\n".join(lines) + "\n"
