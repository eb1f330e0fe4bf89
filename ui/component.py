"""Mounting the app's clickable components: a click comes back once, validated.

The graph canvas and the source reader are ``st.components.v2`` elements whose script
reports a click by setting the trigger ``SELECT_EVENT``. ``mount_clickable`` mounts one,
hands the validated click to ``on_select`` as a Streamlit callback (before the rerun)
and returns it from the run the click caused.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import streamlit as st

__all__ = ["SELECT_EVENT", "mount_clickable"]

SELECT_EVENT = "select"
"""The trigger a component's script sets on a click (``setTriggerValue``)."""


def mount_clickable(
    component: Callable[..., Any],
    *,
    key: str,
    height: int,
    data: Mapping[str, Any],
    clicked: Callable[[Any], str | None],
    on_select: Callable[[str], None] | None,
) -> str | None:
    """Mount ``component`` with ``data`` (plus ``key`` and ``height``); return its click.

    Parameters
    ----------
    component
        A component from ``st.components.v2.component``.
    key
        Widget key, also sent to the script as ``data["key"]``.
    height
        Height in px, sent to the script as ``data["height"]``.
    data
        The rest of what the script draws.
    clicked
        Turns the value that came back from the browser into an id, or ``None`` when it
        names nothing the component was given.
    on_select
        Called with the clicked id, as a Streamlit callback, before the rerun.

    Returns
    -------
    str or None
        The validated click, in the run the click caused; ``None`` in every other run.

    Raises
    ------
    ValueError
        If ``height`` is not a positive integer.
    """
    if isinstance(height, bool) or not isinstance(height, int) or height <= 0:
        raise ValueError(f"height: expected a positive number of pixels ({height!r})")

    def _changed() -> None:
        if on_select is None:
            return
        state = st.session_state.get(key)
        value = clicked(state.get(SELECT_EVENT) if isinstance(state, Mapping) else None)
        if value is not None:
            on_select(value)

    result = component(
        key=key,
        data={**data, "height": height, "key": key},
        **{f"on_{SELECT_EVENT}_change": _changed},
    )
    return clicked(result.get(SELECT_EVENT))
