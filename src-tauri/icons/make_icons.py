#!/usr/bin/env python3
"""Draws Tenken's icon (a check mark on a deep teal rounded square) as RGBA PNGs and an ICO.

Pure standard library so it runs offline anywhere: `python3 make_icons.py` in this folder.
"""
import struct
import zlib

BG = (18, 78, 92)      # deep teal
FG = (255, 255, 255)   # white check mark


def inside_rounded_square(x, y, n, r):
    """True when pixel centre (x, y) lies inside an n×n square with corner radius r."""
    cx = min(max(x, r), n - r)
    cy = min(max(y, r), n - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def dist_to_segment(px, py, ax, ay, bx, by):
    """Distance from point p to segment ab."""
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    qx, qy = ax + t * dx, ay + t * dy
    return ((px - qx) ** 2 + (py - qy) ** 2) ** 0.5


def pixel(x, y, n):
    """RGBA of one pixel, 4× supersampled for smooth edges."""
    acc = [0, 0, 0, 0]
    for sx in (0.125, 0.375, 0.625, 0.875):
        for sy in (0.125, 0.375, 0.625, 0.875):
            fx, fy = (x + sx) / n, (y + sy) / n
            if not inside_rounded_square(fx, fy, 1.0, 0.2):
                continue
            w = 0.09
            on_check = (dist_to_segment(fx, fy, 0.24, 0.52, 0.43, 0.70) < w / 2
                        or dist_to_segment(fx, fy, 0.43, 0.70, 0.77, 0.31) < w / 2)
            c = FG if on_check else BG
            for i in range(3):
                acc[i] += c[i]
            acc[3] += 255
    if acc[3] == 0:
        return (0, 0, 0, 0)
    k = acc[3] / 255
    return tuple(int(acc[i] / k) for i in range(3)) + (acc[3] // 16,)


def png(n):
    """PNG bytes of the icon at n×n."""
    raw = bytearray()
    for y in range(n):
        raw.append(0)
        for x in range(n):
            raw.extend(pixel(x, y, n))

    def chunk(tag, data):
        c = struct.pack(">I", len(data)) + tag + data
        return c + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", n, n, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(bytes(raw), 9)) + chunk(b"IEND", b"")


def ico(images):
    """ICO bytes embedding the given (size, png bytes) images."""
    head = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    entries, blobs = b"", b""
    for size, data in images:
        s = 0 if size >= 256 else size
        entries += struct.pack("<BBBBHHII", s, s, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
        blobs += data
    return head + entries + blobs


if __name__ == "__main__":
    sizes = {"32x32.png": 32, "128x128.png": 128, "128x128@2x.png": 256, "icon.png": 512}
    made = {}
    for name, n in sizes.items():
        made[n] = png(n)
        with open(name, "wb") as f:
            f.write(made[n])
    with open("icon.ico", "wb") as f:
        f.write(ico([(32, made[32]), (256, made[256])]))
