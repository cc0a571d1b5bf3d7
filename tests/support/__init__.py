"""What the tests and benchmarks share and the app never needs: the fixture cast, synthetic
calls, and a launcher for llama.cpp's server. Kept out of the wheel; on the path through
`pythonpath` in pyproject.toml (benchmarks add the tests folder themselves)."""
