"""Checks a UP2 denoised to UP2 by kikuchi against PyEBSDIndex and a Python reproduction of the
pipeline in the input's units (`--output-range pattern`; run from this folder after `swift build`):

    pip install numpy opencv-python-headless tensorflow-cpu keras pyebsdindex
    python3 validate_denoised_up2.py [path/to/kikuchi]

1. PyEBSDIndex reads the denoised UP2 with the input's map geometry and steps.
2. Its patterns equal, within one count at 99.9 % of pixels, the pipeline reproduced with OpenCV
   and Keras: x = (v - min) / (max - min) per pattern, cv2.resize to the model's 32 x 32, predict,
   cv2.resize back, y x (max - min) + min, rounded to uint16.
"""
import os
import subprocess
import sys
import tempfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import cv2
import keras
import numpy as np
from pyebsdindex import ebsd_pattern

KIKUCHI = sys.argv[1] if len(sys.argv) > 1 else os.path.join("..", "..", "..", ".build", "debug", "kikuchi")
COLUMNS, ROWS, STEP_X, STEP_Y, WIDTH, HEIGHT = 5, 4, 0.75, 0.5, 60, 50

folder = tempfile.mkdtemp()
rng = np.random.default_rng(11)
y, x = np.mgrid[0:HEIGHT, 0:WIDTH]
patterns = []
for index in range(COLUMNS * ROWS):
    angle = rng.uniform(0, np.pi)
    distance = (x - WIDTH / 2) * np.cos(angle) + (y - HEIGHT / 2) * np.sin(angle)
    clean = 800 + 1500 * np.exp(-(distance / 5) ** 2)
    patterns.append(rng.poisson(clean).astype(np.uint16))
patterns = np.stack(patterns)
np.save(os.path.join(folder, "in.npy"), patterns)
up2_in, up2_out = os.path.join(folder, "in.up2"), os.path.join(folder, "out.up2")
subprocess.run([KIKUCHI, "convert", os.path.join(folder, "in.npy"), up2_in, "--columns", str(COLUMNS), "--rows", str(ROWS),
                "--step-x", str(STEP_X), "--step-y", str(STEP_Y), "--quiet"], check=True)
subprocess.run([KIKUCHI, "denoise", up2_in, "-o", up2_out, "--model", "small_ae.h5", "--output-range", "pattern", "--quiet"],
               check=True)

reader = ebsd_pattern.get_pattern_file_obj(up2_out)
reader.read_header()
got, _ = reader.read_data(returnArrayOnly=True)
got = np.asarray(got).reshape(patterns.shape).astype(np.int64)
geometry = (int(reader.nCols), int(reader.nRows), float(reader.xStep), float(reader.yStep))
assert geometry == (COLUMNS, ROWS, STEP_X, STEP_Y), f"FAIL geometry {geometry}"
print(f"ok   PyEBSDIndex reads the denoised UP2: {got.shape[0]} patterns {WIDTH} x {HEIGHT}, map {geometry}")

model = keras.models.load_model("small_ae.h5", compile=False)
want = []
for pattern in patterns.astype(np.float32):
    low, high = pattern.min(), pattern.max()
    scaled = (pattern - low) / (high - low)
    out = model.predict(cv2.resize(scaled, (32, 32))[None, :, :, None], verbose=0)[0, :, :, 0]
    want.append(np.clip(np.rint(cv2.resize(out, (WIDTH, HEIGHT)) * (high - low) + low), 0, 65535))
difference = np.abs(got - np.stack(want).astype(np.int64))
within = (difference <= 1).mean()
print(f"{'ok  ' if within >= 0.999 else 'FAIL'} reproduction: {within * 100:.3f} % of pixels within one count, "
      f"{(difference == 0).mean() * 100:.3f} % equal, largest difference {difference.max()}")
sys.exit(0 if within >= 0.999 else 1)
