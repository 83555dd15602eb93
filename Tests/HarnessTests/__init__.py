"""Python tests of scripts/harness and scripts/mock_darktrace.py (stdlib unittest)."""
