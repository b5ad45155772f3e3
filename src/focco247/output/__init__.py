"""Every sentence a person reads: terminal views, plain text, CSV, HTML and JSON.

Modules load when a command renders, so `--help` never pays for rich.
"""
