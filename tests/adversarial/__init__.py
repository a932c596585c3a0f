"""Adversarial suite: hostile and broken input, each with the exact outcome it must get."""
