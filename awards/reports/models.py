"""Year-end reports and their rendered files."""
