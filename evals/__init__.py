"""Gold loading, scoring and scorecards. Imports `schemas` and `extract`, never the CLI."""
