"""Frozen report releases: the delivery versions, definitions and figures a monthly report was made
from.
"""
