"""The bodies of `stretchtui` commands, one per module; cli.py parses and dispatches.

A command that draws no UI must not import Textual or Rich (tests/cli checks).
"""
