"""The indicator engine: deliveries in, figures out. It must never import Django."""
