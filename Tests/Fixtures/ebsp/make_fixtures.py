"""Writes small Oxford .ebsp files and checks that kikuchipy reads them as this script meant.

Run from this folder: python make_fixtures.py (needs kikuchipy, numpy). Each file's patterns
follow a formula of the map index and pixel, so the Swift tests know what every byte must be:
    uint16: 1000 + 300 * index + 7 * y + x        uint8: (40 * index + 3 * y + x) % 256
The layout (kikuchipy's oxford_binary plugin): int64 -version (none for version 0), one unknown
byte from version 4, an int64 offset per map position (0: no pattern), then records: int32
header (version 5+: map x, map y; then compressed, rows, columns, data bytes), pixels, footer
(version 1: float64 beam x, y; version 2+: a flag byte before each).
"""
import struct

import kikuchipy as kp
import numpy as np


def pattern(index, rows, cols, dtype):
    y, x = np.mgrid[0:rows, 0:cols]
    if dtype == np.uint16:
        return (1000 + 300 * index + 7 * y + x).astype(np.uint16)
    return ((40 * index + 3 * y + x) % 256).astype(np.uint8)


def write(name, version, map_shape, pattern_shape, dtype, step, stored_order, missing=()):
    """`stored_order`: map indices in the order their records are stored."""
    n_rows, n_cols = map_shape
    rows, cols = pattern_shape
    n = n_rows * n_cols
    data_bytes = rows * cols * np.dtype(dtype).itemsize
    header = 24 if version >= 5 else 16
    footer = 0 if version == 0 else 16 if version == 1 else 18
    record = header + data_bytes + footer
    start = (0 if version == 0 else 9 if version >= 4 else 8) + 8 * n
    stored = [i for i in stored_order if i not in missing]
    offsets = [0] * n
    for slot, index in enumerate(stored):
        offsets[index] = start + slot * record
    out = bytearray()
    if version > 0:
        out += struct.pack("<q", -version)
    if version >= 4:
        out += b"\x00"
    out += struct.pack(f"<{n}q", *offsets)
    for index in stored:
        r, c = divmod(index, n_cols)
        if version >= 5:
            out += struct.pack("<2i", c, r)
        out += struct.pack("<4i", 0, rows, cols, data_bytes)
        out += pattern(index, rows, cols, dtype).tobytes()
        if version == 1:
            out += struct.pack("<2d", c * step[1], r * step[0])
        elif version >= 2:
            out += struct.pack("<?d?d", True, c * step[1], True, r * step[0])
    with open(name, "wb") as f:
        f.write(out)
    return [i for i in range(n) if i not in missing]


def check(name, present, pattern_shape, dtype, expected_nav):
    data = np.asarray(kp.load(name).data)
    flat = data.reshape(-1, *pattern_shape)
    expected = np.stack([pattern(i, *pattern_shape, dtype) for i in present])
    assert data.shape[:-2] == expected_nav, (name, data.shape)
    assert flat.dtype == dtype and np.array_equal(flat, expected), name
    print(f"{name}: kikuchipy reads {data.shape} {data.dtype} as written")


# Patterns of at least 1616 bytes: kikuchipy finds the end of the offset table by reading
# file size / 1616 entries and looking for the jump to the first record's header.
# 16-bit, version 4, stored in reverse, steps 0.5: a 2 x 3 map of 40 x 30 patterns.
present = write("reversed_uint16_v4.ebsp", 4, (2, 3), (30, 40), np.uint16, (0.5, 0.5), stored_order=[5, 4, 3, 2, 1, 0])
check("reversed_uint16_v4.ebsp", present, (30, 40), np.uint16, (2, 3))
# 8-bit, version 5 (map x, y in every header), rolled by one as kikuchipy's own test file is.
present = write("rolled_uint8_v5.ebsp", 5, (3, 2), (40, 60), np.uint8, (1.5, 1.5), stored_order=[1, 2, 3, 4, 5, 0])
check("rolled_uint8_v5.ebsp", present, (40, 60), np.uint8, (3, 2))
# 8-bit, version 2, one map position without a pattern: kikuchipy reads the other five as a line.
present = write("missing_uint8_v2.ebsp", 2, (2, 3), (40, 60), np.uint8, (1.0, 1.0), stored_order=range(6), missing=(4,))
check("missing_uint8_v2.ebsp", present, (40, 60), np.uint8, (5,))
# 8-bit, version 0: no marker and no footer, so no map: a line of four.
present = write("unmarked_uint8_v0.ebsp", 0, (2, 2), (40, 60), np.uint8, (1.0, 1.0), stored_order=[2, 3, 0, 1])
check("unmarked_uint8_v0.ebsp", present, (40, 60), np.uint8, (4,))
