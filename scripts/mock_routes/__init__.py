"""Endpoints of the built-in mock that only the later integrations (LATER.md) use."""
