"""Benchmarks: ``python -m assistant.bench``. Never imported by the application.

Every figure is measured against a baseline taken in the same run on the same machine, so the
ratios mean something on any computer: start-up and memory against a minimal Textual app,
engine steps against the library call they wrap (tomllib, markdown-it, SQLite), and the
synthetic trees against their own smaller sizes (growth no worse than n log n).
"""
