"""The core: plain Python with no Textual and no files. Stretches and routines, the timed
plan, the rules a value follows, the builder's draft, the session on an injected clock, what a
session sounds like, the history's figures and the status line. Nothing here reads the real
clock or a file unless handed it."""
