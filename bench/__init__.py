"""`make bench`: seed a large organisation into its own PostgreSQL database, measure, report one JSON document.

Run with ``python -m bench --scale 1`` (``make bench``). See README.md, section "Performance".
"""
