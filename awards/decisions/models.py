"""Council, ballots, decisions, registry numbers and prize money."""
