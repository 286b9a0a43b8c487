"""The peers of benchmarks/classic/run.sh, timed the same way as kikuchi denoise (from reading the scan
to its denoised copy on disk):

  bench_peers.py nlpar DIR LAMBDA RADIUS   PyEBSDIndex's CPU NLPAR (numba) on DIR/nlpar_map.up1
  bench_peers.py nlpar-auto DIR            PyEBSDIndex's opt_lambda, then NLPAR with its choice
  bench_peers.py pca DIR K [N_ITER]        scikit-learn PCA(svd_solver="randomized") fit, transform,
                                           inverse_transform on DIR/pca_scan.npy (float32), saved as uint8
"""
import os
import sys
import time
import warnings

import numpy as np

warnings.filterwarnings("ignore")
method, folder = sys.argv[1], sys.argv[2]

if method.startswith("nlpar"):
    from pyebsdindex.nlpar_cpu import NLPAR

    # Compile the numba kernels outside the timed run (their on-disk cache may be cold).
    small = os.path.join(folder, "warmup.up1")
    with open(small, "wb") as f:
        import struct
        f.write(struct.pack("<4I", 1, 60, 60, 16))
        f.write(np.random.default_rng(0).integers(0, 255, (64, 60, 60), dtype=np.uint8).tobytes())
    warm = NLPAR(small, nrows=8, ncols=8)
    warm.opt_lambda(verbose=0)
    warm.calcnlpar(fileout=os.path.join(folder, "warmup_out.up1"), verbose=0)

    start = time.perf_counter()
    nl = NLPAR(os.path.join(folder, "nlpar_map.up1"), nrows=200, ncols=200)
    if method == "nlpar-auto":
        nl.opt_lambda(verbose=0)
        lam, radius = nl.lam, 3
    else:
        lam, radius = float(sys.argv[3]), int(sys.argv[4])
    nl.calcnlpar(lam=lam, searchradius=radius, fileout=os.path.join(folder, "pyebsdindex_nlpar.up1"), verbose=0)
    seconds = time.perf_counter() - start
    print(f"pyebsdindex {method}: {seconds:.2f} s ({40000 / seconds:.0f} patterns/s) lambda={lam}")
elif method == "pca":
    from sklearn.decomposition import PCA

    k = int(sys.argv[3])
    n_iter = sys.argv[4] if len(sys.argv) > 4 else "auto"
    start = time.perf_counter()
    patterns = np.load(os.path.join(folder, "pca_scan.npy"))
    x = patterns.reshape(len(patterns), -1).astype(np.float32)
    pca = PCA(n_components=k, svd_solver="randomized", iterated_power=n_iter if n_iter == "auto" else int(n_iter), random_state=0)
    reconstructed = pca.inverse_transform(pca.fit_transform(x))
    np.save(os.path.join(folder, f"sklearn_pca_{n_iter}.npy"),
            np.clip(np.rint(reconstructed), 0, 255).astype(np.uint8).reshape(patterns.shape))
    seconds = time.perf_counter() - start
    print(f"scikit-learn randomized PCA (iterated_power={n_iter}): {seconds:.2f} s ({len(x) / seconds:.0f} patterns/s)")
