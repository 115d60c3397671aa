"""Harnesses shared by the test suite and the benchmarks (bench/), outside ``tests`` so that
nothing but the tests imports the tests: the polling station to break things in
(``harness.hall``) and the way to find Debian's Chromium (``harness.chromium``). The
application never imports this package (the import contract in pyproject.toml)."""
