"""Streamlit-side helpers of the app: state in the URL, the canvas component."""
