"""Training throughput of the published EBSD autoencoder: kikuchi train (release build) beside
Keras fit on TensorFlow CPU, in one run, on the same generated data (benchmarks/training/run.sh).

    python benchmarks/training/bench_training.py KIKUCHI [--patterns N] [--crop-patterns M]
                                                 [--batch-size B] [--threads T]

Two settings: whole 236 x 236 patterns, and random 64 x 64 crops of them. kikuchi trains
`--architecture ebsd-autoencoder` for 2 epochs and the second epoch's patterns/s is taken (its
line includes reading and cropping the patterns). Keras builds the same layers (for 64 x 64 an
input of 64 x 64; the crops are cut beforehand, which spares Keras that work), compiles Adam +
MSE and runs fit for 2 epochs; the second epoch is timed with a callback. Both use all cores
(T) unless --threads says otherwise. The two alternate --rounds times per setting (single rounds
on a shared 2-core machine swing by a third); prints each round, then the median ratios.
"""
import argparse
import os
import re
import statistics
import subprocess
import tempfile
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")
import numpy as np  # noqa: E402


def make_data(folder, count, size=236, seed=5):
    rng = np.random.default_rng(seed)
    rows, columns = np.mgrid[0:size, 0:size] / size
    clean = np.empty((count, size, size))
    for index in range(count):
        angle, offset = rng.uniform(0, np.pi), rng.uniform(-0.3, 0.3)
        distance = (columns - 0.5) * np.cos(angle) + (rows - 0.5) * np.sin(angle) - offset
        clean[index] = 0.3 + 0.4 * np.exp(-(distance / 0.05) ** 2) + 0.2 * rows
    noisy = clean + rng.normal(0, 0.1, clean.shape)
    to_bytes = lambda a: np.clip(np.rint(a * 255), 0, 255).astype(np.uint8)
    np.save(os.path.join(folder, "noisy.npy"), to_bytes(noisy))
    np.save(os.path.join(folder, "clean.npy"), to_bytes(clean))
    return to_bytes(noisy), to_bytes(clean)


def kikuchi_rate(kikuchi, folder, batch, threads, crop):
    command = [kikuchi, "train", "--noisy", os.path.join(folder, "noisy.npy"), "--clean", os.path.join(folder, "clean.npy"),
               "--architecture", "ebsd-autoencoder", "-o", os.path.join(folder, f"model{crop or ''}.h5"), "--overwrite",
               "--epochs", "2", "--batch-size", str(batch), "--threads", str(threads), "--quiet"]
    if crop:
        command += ["--crop", str(crop)]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    rates = re.findall(r"([0-9.]+) patterns/s", output)
    return float(rates[-1])


def keras_rate(noisy, clean, batch, threads, crop):
    import tensorflow as tf
    tf.config.threading.set_intra_op_parallelism_threads(threads)
    tf.config.threading.set_inter_op_parallelism_threads(threads)
    import keras
    size = crop or noisy.shape[1]
    x = noisy.astype(np.float32) / 255
    y = clean.astype(np.float32) / 255
    if crop:
        rng = np.random.default_rng(1)
        tops = rng.integers(0, noisy.shape[1] - crop + 1, len(x))
        lefts = rng.integers(0, noisy.shape[2] - crop + 1, len(x))
        x = np.stack([a[t:t + crop, l:l + crop] for a, t, l in zip(x, tops, lefts)])
        y = np.stack([a[t:t + crop, l:l + crop] for a, t, l in zip(y, tops, lefts)])
    model = keras.Sequential([
        keras.Input((size, size, 1)),
        keras.layers.Conv2D(64, 1, padding="same", activation="relu"),
        keras.layers.Conv2D(128, 3, padding="same", activation="relu"),
        keras.layers.MaxPooling2D(2, padding="same"),
        keras.layers.Conv2D(128, 5, padding="same", activation="relu"),
        keras.layers.MaxPooling2D(2, padding="same"),
        keras.layers.Conv2DTranspose(128, 3, strides=2, padding="same", activation="relu"),
        keras.layers.Conv2DTranspose(64, 1, strides=2, padding="same", activation="relu"),
        keras.layers.Conv2D(1, 3, padding="same", activation="sigmoid"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(), loss="mse")

    class EpochTimer(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            self.start = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            self.seconds = time.perf_counter() - self.start

    timer = EpochTimer()
    model.fit(x[..., None], y[..., None], batch_size=batch, epochs=2, shuffle=True, verbose=0, callbacks=[timer])
    return len(x) / timer.seconds


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("kikuchi")
    parser.add_argument("--patterns", type=int, default=16)
    parser.add_argument("--crop-patterns", type=int, default=64)
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--rounds", type=int, default=5,
                        help="kikuchi and Keras alternate this many times per setting; the median ratio is the figure")
    arguments = parser.parse_args()
    ratios = {}
    with tempfile.TemporaryDirectory() as folder:
        for crop, count in ((None, arguments.patterns), (64, arguments.crop_patterns)):
            noisy, clean = make_data(folder, count)
            label = f"{crop}x{crop} crops" if crop else "236x236"
            for round_number in range(1, arguments.rounds + 1):
                ours = kikuchi_rate(arguments.kikuchi, folder, arguments.batch_size, arguments.threads, crop)
                theirs = keras_rate(noisy, clean, arguments.batch_size, arguments.threads, crop)
                ratios.setdefault(label, []).append(ours / theirs)
                print(f"round {round_number} {label}: kikuchi train {ours:.2f} patterns/s, keras fit {theirs:.2f} patterns/s, "
                      f"ratio {ours / theirs:.2f}", flush=True)
    for label, values in ratios.items():
        print(f"{label}: kikuchi / keras = {statistics.median(values):.2f}x (median of "
              + ", ".join(f"{value:.2f}" for value in values) + ")")


if __name__ == "__main__":
    main()
