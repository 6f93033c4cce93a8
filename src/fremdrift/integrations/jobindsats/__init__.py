"""jobindsats.dk: STAR's public statistics API (v2 and v3), and the benchmarks we take from it."""
