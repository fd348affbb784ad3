"""Qt item models wrapping core results and store queries."""
