"""The naive explorer the benchmark compares Cramp Atlas with: what a straightforward
developer would write first.

Every rerun loads the YAML, builds the graph, builds a ``pyvis.network.Network`` with
pyvis' default physics (barnesHut, 1,000 stabilisation iterations), inlines vis-network
(``cdn_resources="in_line"``), renders the page with ``generate_html()`` and shows it with
``st.components.v1.html``. A node-type filter rebuilds all of it. Nothing is cached.

It is deliberately not tuned, but it is not sabotaged either: it uses the project's own
loader (so it reads exactly the knowledge base the app reads), shows only the graph and
the filter (the real app also renders a details panel, tables and downloads), and its
hover texts are escaped (pyvis titles are HTML). ``python -m bench`` starts it by itself,
with Streamlit's default settings; to look at it, run
``PYTHONPATH=. .venv/bin/python -m streamlit run bench/baseline_app.py``.
"""

from __future__ import annotations

import html
import os

import networkx as nx
import streamlit as st
import streamlit.components.v1 as components
from pyvis.network import Network

from graph import build_graph, load_knowledge_base
from graph.load import DEFAULT_DATA_DIR
from graph.schema import NODE_TYPES

__all__ = ["FILTER_KEY", "FILTER_LABEL"]

FILTER_LABEL = "Node types"
FILTER_KEY = "node_types"

st.set_page_config(page_title="Cramp Atlas (naive baseline)", layout="wide")
st.title("Cramp Atlas: naive baseline")

knowledge_base = load_knowledge_base(os.environ.get("CRAMP_ATLAS_DATA") or DEFAULT_DATA_DIR)
graph = build_graph(knowledge_base)

chosen = st.multiselect(
    FILTER_LABEL, list(NODE_TYPES), key=FILTER_KEY, placeholder="All types"
) or list(NODE_TYPES)

shown = nx.MultiDiGraph()
for node_id, attrs in graph.nodes(data=True):
    if attrs.get("type") in chosen:
        shown.add_node(
            node_id,
            label=str(attrs.get("label", node_id)),
            title=html.escape(str(attrs.get("description", ""))),
            group=str(attrs.get("type", "")),
        )
for source, target, attrs in graph.edges(data=True):
    if source in shown and target in shown:
        relation = str(attrs.get("relation", ""))
        shown.add_edge(source, target, label=relation, title=html.escape(relation))

network = Network(height="620px", width="100%", directed=True, cdn_resources="in_line")
network.from_nx(shown)
components.html(network.generate_html(), height=640)
