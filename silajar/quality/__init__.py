"""Cross-cutting quality suites (issue 5): access matrix, API fuzzing, upload attacks, web
hardening, reliability. They test the whole app, so they live outside the domain apps."""
