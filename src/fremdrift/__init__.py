"""fremdrift: case work and monitoring for Flere skal med 2 and ressourceforløb."""

__version__ = "0.1.0"
