"""``monitor demo``: a brand crisis replayed offline through the real pipeline."""
