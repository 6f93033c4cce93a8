"""The steering group's quarterly status (PDF) and the municipality's business case."""
