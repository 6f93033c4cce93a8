"""STAR's intake of the municipalities' monthly deliveries: every version kept, who delivered what
for which month.
"""
