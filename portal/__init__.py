import os

# numpy's BLAS (OpenBLAS) starts a thread per core for every matrix product and keeps those threads
# spinning after each one. The portal's products are small (a query vector against the document
# vectors: 16,700 x 384 at 10,000 experts) and a server runs several requests at once on few cores,
# so the threads only burn CPU the other requests need: measured in-process on the hybrid
# directory API at 10,000 experts, p95 48 -> 23 ms of CPU with one thread (BENCHMARKS.md, session
# 11). OpenBLAS reads this when numpy first loads it, so it is set on the portal's first import,
# before anything imports numpy; an operator's own setting wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
