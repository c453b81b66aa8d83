"""Bodies of the command-line commands, one module each (imported only when run)."""
