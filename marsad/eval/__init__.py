"""Scoring marsad components against gold data (one module per area)."""
