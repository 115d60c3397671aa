"""Fictitious demo data for the embedded mode (`make run`): one module per app it fills, in
the order ``seed_demo`` loads them (``demo.seed``). It sits on top of every app and nothing of
the application imports it (the import contract in pyproject.toml)."""
