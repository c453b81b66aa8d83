"""The benchmark: what stretchtui costs its users, each figure against a baseline measured
in the same run, at a person's scale (200 stretches, 100 routines, 10,000 sessions).

    python -m benchmarks            # full run: medians of 7
    python -m benchmarks --quick    # CI: fewer, shorter runs; keeps the figures working
    python -m benchmarks --figures 1,8 --runs 15   # some figures only (while working)

Runs the installed `stretchtui` (the console script beside this Python) under a
pseudo-terminal with TERM=xterm-256color and private XDG folders, interleaving subject
and baseline runs. Prints one table (each goal, its baseline, met or not) and writes
benchmarks/results.json. It never fails on a figure: machines are noisy, and the README
reports what was measured.
"""
