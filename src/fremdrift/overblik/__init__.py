"""Mål- og produktionsstyring: the indicators at job centre, team and jobformidler level, with
drill-down to the citizens behind a figure.
"""
