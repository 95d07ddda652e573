"""Answers questions by quoting a team's Markdown documents (see README.md).

Importing it sets one default for the process, before anything here imports numpy: its
OpenBLAS starts a thread per core that polls for work through its first 0.05 to 0.1 s of
CPU time. Nothing here multiplies matrices, so that thread only took CPU from the start of
every command (a one-question ``python -m bot ask`` took 0.73 s instead of 0.68 at the
median of ten alternating runs). A value already in the environment is kept.
"""

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
