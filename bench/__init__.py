"""The benchmark of the explorer: Cramp Atlas against a naive pyvis + Streamlit app.

``python -m bench`` (or ``python3 tasks.py bench``) serves ``app.py`` and
``bench/baseline_app.py`` on 127.0.0.1, visits both in headless chromium, and prints a
table: time to a drawn, still graph, the server time of a filter rerun, and the bytes the
browser receives, against the targets of the explorer issue. ``bench.report`` holds the
pure helpers (median, targets, table); importing ``bench`` imports nothing heavier.
"""

from .report import Row, Target, format_table, format_value, median, ratio, table_json

__all__ = ["Row", "Target", "format_table", "format_value", "median", "ratio", "table_json"]
