"""Training marsad's own models from the shared data sets (one module per model)."""
