#!/usr/bin/env python3
"""OpenCV's speed for the pattern preparation of the published pipeline: cv2.resize 240x240 -> 236x236
(INTER_LINEAR) then CLAHE(clipLimit=3, tileGridSize=(8, 8)), per pattern, over N synthetic 8-bit
patterns. Prints patterns/s single-threaded (cv2.setNumThreads(1), comparable with KikuchiImage, which
runs one pattern per thread) and with OpenCV's default threading.

    python3 benchmarks/imageops/bench_opencv.py [N]
"""
import sys
import time

import cv2
import numpy as np


def patterns(count, seed=0):
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:240, 0:240].astype(np.float32)
    background = 80 + 50 / (1 + ((x - 120) ** 2 + (y - 110) ** 2) / 8000)
    out = []
    for k in range(16):
        band = np.where(np.abs(x * 0.8 + y * 0.6 - 150 - k) < 8, 30, 0)
        noise = rng.uniform(-8, 8, (240, 240))
        out.append(np.clip(background + band + noise, 0, 255).astype(np.uint8))
    return [out[i % 16] for i in range(count)]


def run(images, threads):
    cv2.setNumThreads(threads)
    clahe = cv2.createCLAHE(clipLimit=3.0, tileGridSize=(8, 8))
    for image in images[:16]:  # warm-up
        clahe.apply(cv2.resize(image, (236, 236), interpolation=cv2.INTER_LINEAR))
    start, start_cpu = time.perf_counter(), time.process_time()
    for image in images:
        clahe.apply(cv2.resize(image, (236, 236), interpolation=cv2.INTER_LINEAR))
    return time.perf_counter() - start, time.process_time() - start_cpu


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    images = patterns(count)
    default_threads = cv2.getNumThreads()
    for label, threads in (("1 thread", 1), (f"default ({default_threads} threads)", default_threads)):
        seconds, cpu_seconds = min(run(images, threads) for _ in range(3))
        print(f"OpenCV {cv2.__version__} resize 240->236 + CLAHE(3, 8x8), {label}: "
              f"{count / seconds:.0f} patterns/s, {seconds / count * 1e6:.1f} us/pattern "
              f"(CPU time {cpu_seconds / count * 1e6:.1f} us/pattern)")


if __name__ == "__main__":
    main()
