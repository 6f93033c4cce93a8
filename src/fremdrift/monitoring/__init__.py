"""STAR's follow-up: early warning, forecasts, the work queue of flagged municipalities, grants and
payouts.
"""
