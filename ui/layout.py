"""Page-wide styles of the app: button labels that wrap, Present on a projector, the
details panel, and the explorer on a phone.

Streamlit lays the page out for a wide window. ``page_styles`` adds the few rules it
needs besides, as one ``<style>`` element (fixed text, nothing from the data): labels of
buttons wrap onto a second line instead of being cut with an ellipsis, the sidebar's View
control stays on one row, the page starts just below Streamlit's header (so the note
under it is read whole), Present's lesson is as tall as the screen below the note, and the
details' two parts (the article, the evidence) stack when their panel is narrow. On a
screen at most ``PHONE_WIDTH`` px wide the plain questions take one row that scrolls
sideways, each question whole and the next one showing, so the graph is on the first
screen. The canvas's own phone rules (its height, the legend under it) are in
``ui.canvas``; the lesson's in ``graph.lesson``.
"""

from __future__ import annotations

import streamlit as st

from graph.assets import render_template

__all__ = ["PHONE_WIDTH", "page_styles"]

PHONE_WIDTH = 640
"""The widest screen, in CSS px, that gets the phone layout."""

_STYLES = render_template("app-styles.css", phone_width=PHONE_WIDTH)
"""The page-wide rules (``graph/templates/app-styles.css``): fixed text, no data."""


def page_styles() -> None:
    """Add the app's page-wide styles; call once per run, before the page's content."""
    st.html(f"<style>{_STYLES}</style>")
