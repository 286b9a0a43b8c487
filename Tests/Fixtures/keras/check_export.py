"""Checks that models written by kikuchi load in Keras and predict the same numbers.

Runs the Swift ExportTests with KIKUCHI_NN_EXPORT_DIR set (they write the skip / BatchNorm model
and the published autoencoder as legacy .h5 and .keras), then loads each file with
keras.models.load_model (Keras 3) and, for .h5, tf_keras (tf.keras 2.x) when installed, and
compares predictions with Keras' outputs stored in the fixtures (skip_bn_io.h5, autoencoder_io.h5).

    python Tests/Fixtures/keras/check_export.py      (from the package root)
"""
import os
import subprocess
import sys
import tempfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import h5py
import numpy as np
import keras

try:
    import tf_keras
except ImportError:
    tf_keras = None

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))


def io(name):
    with h5py.File(os.path.join(HERE, name)) as file:
        return file["input"][...], file["output"][...]


def main():
    folder = tempfile.mkdtemp(prefix="kikuchi-export-check-")
    environment = dict(os.environ, KIKUCHI_NN_EXPORT_DIR=folder)
    subprocess.run(["swift", "test", "--filter", "KikuchiNNTests.ExportTests"], cwd=ROOT, env=environment, check=True)
    cases = {"skip_bn": io("skip_bn_io.h5"), "autoencoder": io("autoencoder_io.h5")}
    failures = 0
    for stem, (x, expected) in cases.items():
        for extension in (".h5", ".keras"):
            path = os.path.join(folder, f"{stem}_exported{extension}")
            loaders = [("Keras 3", keras.models.load_model)]
            if tf_keras is not None and extension == ".h5":
                loaders.append(("tf.keras 2.x", tf_keras.models.load_model))
            for label, load in loaders:
                model = load(path, compile=False)
                difference = float(np.abs(model.predict(x, verbose=0) - expected).max())
                ok = difference <= 1e-4
                failures += not ok
                print(f"{'ok  ' if ok else 'FAIL'} {label:13s} {os.path.basename(path):28s} max |difference| {difference:.2e}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
