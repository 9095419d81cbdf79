"""The Streamlit app: shared chrome, navigation built from registered pages, core pages."""
