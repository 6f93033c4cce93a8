"""Clients for external systems (jobindsats.dk, Momentum), one package each, and what they store."""
