"""Momentum, the municipalities' job centre case system: reading a delivery from its API."""
