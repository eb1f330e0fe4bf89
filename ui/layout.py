"""Page-wide styles of the app: button labels that wrap, and the explorer on a phone.

Streamlit lays the page out for a wide window. ``page_styles`` adds the few rules it
needs besides, as one ``<style>`` element (fixed text, nothing from the data): labels of
buttons wrap onto a second line instead of being cut with an ellipsis, the sidebar's View
control stays on one row, and on a screen at most ``PHONE_WIDTH`` px wide the page starts
higher (just below Streamlit's header, so the note under it is read whole) and the plain
questions take one row that scrolls sideways, so the graph is on the first screen. The
canvas's own phone rules (its height, the legend under it) are in ``ui.canvas``; the
lesson's in ``graph.lesson``.
"""

from __future__ import annotations

import streamlit as st

__all__ = ["PHONE_WIDTH", "page_styles"]

PHONE_WIDTH = 640
"""The widest screen, in CSS px, that gets the phone layout."""

_STYLES = """
[data-testid="stMain"] [data-testid^="stBaseButton"] [data-testid="stMarkdownContainer"],
[data-testid="stMain"] [data-testid^="stBaseButton"] [data-testid="stMarkdownContainer"] p {
  white-space: normal;
  overflow: visible;
  text-overflow: clip;
  overflow-wrap: anywhere;
}
[data-testid="stMain"] [data-testid^="stBaseButton"] {
  height: auto;
  text-align: center;
}
.st-key-mode,
.st-key-mode [data-testid="stButtonGroup"] {
  width: 100%;
}
.st-key-mode [data-testid="stButtonGroup"] > div {
  flex-wrap: nowrap;
  width: 100%;
  max-width: none;
}
.st-key-mode [data-testid="stButtonGroup"] button {
  flex: 1 1 0;
  min-width: 0;
  padding-left: 0.1rem;
  padding-right: 0.1rem;
}
@media (max-width: __PHONE__px) {
  [data-testid="stMainBlockContainer"] {
    padding-top: 4rem;
    padding-left: 0.75rem;
    padding-right: 0.75rem;
  }
  .st-key-question [data-testid="stButtonGroup"] > div {
    flex-wrap: nowrap;
    overflow-x: auto;
    padding-bottom: 4px;
  }
  .st-key-question [data-testid="stButtonGroup"] button {
    flex: 0 0 auto;
  }
}
""".replace("__PHONE__", str(PHONE_WIDTH))


def page_styles() -> None:
    """Add the app's page-wide styles; call once per run, before the page's content."""
    st.html(f"<style>{_STYLES}</style>")
