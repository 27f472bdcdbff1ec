"""The dashboard's pages, one script each, registered with ``st.navigation`` in ``app.py``.

Not named ``pages/``: Streamlit treats a ``pages/`` folder beside the entry point as
a v1 multipage app until ``st.navigation`` first runs in the process, so the first
visit to ``/incidents?incident=ID`` on a fresh server would run the page without
``app.py`` (and without its config). A package, so it ships in the wheel.
"""
