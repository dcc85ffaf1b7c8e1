"""Writes of the awards app, split by concept (people and history, nominations,
spreadsheet imports)."""
