"""Streamlit's floor: an empty page that writes only a title.

``python -m bench`` visits it alternately with Cramp Atlas and the naive baseline, so the
table can tell what any Streamlit app costs (its start-up, its first element) from what
drawing the graph adds.
"""

import streamlit as st

st.title("Cramp Atlas")
