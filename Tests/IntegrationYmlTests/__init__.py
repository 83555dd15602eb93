"""Tests of integration.yml, its Python bridge and scripts/gen-command-docs (Python standard library only).

Run from the repository root: python3 -m unittest discover -s Tests/IntegrationYmlTests -t .
"""
