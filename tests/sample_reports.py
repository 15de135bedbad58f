"""Small real reports for tests (imported by name: tests/ is on sys.path)."""

SMALL_REPORT = """\
# A Short Report on the U.S.-Mexico Border

In January 2020, 6 former U.S. ambassadors met in Mexico. They discussed trade.

## Findings

The discussions generated the following findings:

1. Strong institutions support stability. Officials should restart the dialogue.
2. The two countries should work together on border management.

## About Us

We are a non-profit organization.
"""
