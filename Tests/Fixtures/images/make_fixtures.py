#!/usr/bin/env python3
"""Writes the image fixtures of the KikuchiIO image codec tests with OpenCV, PIL and tifffile.

Run from anywhere: python3 Tests/Fixtures/images/make_fixtures.py
Needs numpy, opencv-python-headless, pillow and tifffile. The images are tiny (24 x 20, not square, so
that a swapped width and height shows) and pattern-like: a smooth background, two bright bands and
noise. Next to each image the script stores, as raw little-endian samples (`.u8` or `.u16le`, row-major,
20 rows of 24), the values the image must decode to: the array it wrote for lossless files, and what
OpenCV's `imread(..., IMREAD_GRAYSCALE | IMREAD_ANYDEPTH)` (or PIL's `convert("L")`) returns for
lossy or colour files. The tests compare kikuchi's decoders with those.
"""
from pathlib import Path

import cv2
import numpy as np
import tifffile
from PIL import Image

HERE = Path(__file__).resolve().parent
HEIGHT, WIDTH = 20, 24


def pattern(maximum, seed):
    """A Kikuchi-like pattern in [0, maximum]: Gaussian background, two bands, Poisson-like noise."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:HEIGHT, 0:WIDTH].astype(np.float64)
    background = np.exp(-(((x - 11) / 14) ** 2 + ((y - 9) / 12) ** 2))
    band1 = np.exp(-((0.6 * x - 0.8 * y + 2) / 1.5) ** 2)
    band2 = np.exp(-((0.9 * x + 0.45 * y - 16) / 1.2) ** 2)
    clean = 0.55 * background + 0.25 * band1 + 0.2 * band2
    noisy = clean + rng.normal(0, 0.04, clean.shape)
    return np.clip(np.rint(noisy / noisy.max() * maximum * 0.97), 0, maximum)


def save_raw(name, array):
    """Row-major samples, little-endian: .u8 for uint8, .u16le for uint16."""
    if array.dtype == np.uint8:
        (HERE / f"{name}.u8").write_bytes(array.tobytes())
    else:
        (HERE / f"{name}.u16le").write_bytes(array.astype("<u2").tobytes())


def read_gray_cv2(name):
    return cv2.imread(str(HERE / name), cv2.IMREAD_GRAYSCALE | cv2.IMREAD_ANYDEPTH)


def main():
    gray8 = pattern(255, 1).astype(np.uint8)
    gray16 = pattern(65535, 2).astype(np.uint16)
    save_raw("gray8", gray8)
    save_raw("gray16", gray16)

    # Lossless gray PNG written by OpenCV: must decode to exactly the stored arrays.
    cv2.imwrite(str(HERE / "gray8_cv2.png"), gray8)
    cv2.imwrite(str(HERE / "gray16_cv2.png"), gray16)
    assert np.array_equal(read_gray_cv2("gray16_cv2.png"), gray16)

    # Colour, palette and alpha PNGs: the expected gray is OpenCV's and PIL's own conversion.
    rgb = np.stack([pattern(255, 3), pattern(255, 4), pattern(255, 5)], axis=-1).astype(np.uint8)
    cv2.imwrite(str(HERE / "rgb8_cv2.png"), rgb[..., ::-1])  # OpenCV takes BGR
    save_raw("rgb8_cv2_gray", read_gray_cv2("rgb8_cv2.png"))
    save_raw("rgb8_pil_gray", np.asarray(Image.open(HERE / "rgb8_cv2.png").convert("L")))
    rgb16 = np.stack([pattern(65535, 6), pattern(65535, 7), pattern(65535, 8)], axis=-1).astype(np.uint16)
    cv2.imwrite(str(HERE / "rgb16_cv2.png"), rgb16[..., ::-1])
    save_raw("rgb16_cv2_gray", read_gray_cv2("rgb16_cv2.png"))
    Image.fromarray(gray8, "L").convert("P").save(HERE / "palette_pil.png")
    save_raw("palette_pil_gray", np.asarray(Image.open(HERE / "palette_pil.png").convert("L")))
    alpha = np.stack([gray8, np.full_like(gray8, 128)], axis=-1)
    Image.fromarray(alpha, "LA").save(HERE / "gray_alpha_pil.png")

    # JPEG written by OpenCV at SPEC's default quality; the expected values are OpenCV's decode.
    cv2.imwrite(str(HERE / "gray8_cv2_q95.jpg"), gray8, [cv2.IMWRITE_JPEG_QUALITY, 95])
    save_raw("gray8_cv2_q95_decoded", read_gray_cv2("gray8_cv2_q95.jpg"))
    cv2.imwrite(str(HERE / "rgb8_cv2_q90.jpg"), rgb[..., ::-1], [cv2.IMWRITE_JPEG_QUALITY, 90])
    save_raw("rgb8_cv2_q90_decoded", read_gray_cv2("rgb8_cv2_q90.jpg"))

    # Uncompressed baseline TIFF, both byte orders, one strip and several (7 rows per strip).
    tifffile.imwrite(HERE / "gray8_le.tif", gray8, byteorder="<", photometric="minisblack")
    tifffile.imwrite(HERE / "gray8_be.tif", gray8, byteorder=">", photometric="minisblack", rowsperstrip=7)
    tifffile.imwrite(HERE / "gray16_le.tif", gray16, byteorder="<", photometric="minisblack", rowsperstrip=7)
    tifffile.imwrite(HERE / "gray16_be.tif", gray16, byteorder=">", photometric="minisblack")
    Image.fromarray(gray8, "L").save(HERE / "gray8_pil.tif")
    # What kikuchi must refuse as unsupported: compressed, colour and float TIFF.
    Image.fromarray(gray8, "L").save(HERE / "gray8_deflate_pil.tif", compression="tiff_adobe_deflate")
    tifffile.imwrite(HERE / "rgb8.tif", rgb, photometric="rgb")
    tifffile.imwrite(HERE / "float32.tif", gray16.astype(np.float32) / 65535, photometric="minisblack")
    for name in ["gray8_le.tif", "gray8_be.tif", "gray16_le.tif", "gray16_be.tif", "gray8_pil.tif"]:
        expected = gray16 if "16" in name else gray8
        assert np.array_equal(tifffile.imread(HERE / name), expected), name


if __name__ == "__main__":
    main()
