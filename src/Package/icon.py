#!/usr/bin/env python3
"""Draws src/Package/icon.png (128x128, the package icon): an open ring whose end is an arrowhead, on a rounded
blue square: work that keeps flowing instead of blocking. Standard library only; run it from anywhere."""
import math
import os
import struct
import zlib

SIZE = 128
SAMPLES = 4  # per axis, for anti-aliasing
BACKGROUND = (30, 64, 175)
FOREGROUND = (255, 255, 255)


def inside_rounded_square(x, y, margin=4, radius=24):
    lo, hi = margin, SIZE - margin
    cx = min(max(x, lo + radius), hi - radius)
    cy = min(max(y, lo + radius), hi - radius)
    return lo <= x <= hi and lo <= y <= hi and (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2


def inside_triangle(p, a, b, c):
    def side(p1, p2, p3):
        return (p1[0] - p3[0]) * (p2[1] - p3[1]) - (p2[0] - p3[0]) * (p1[1] - p3[1])
    d1, d2, d3 = side(p, a, b), side(p, b, c), side(p, c, a)
    return not ((d1 < 0 or d2 < 0 or d3 < 0) and (d1 > 0 or d2 > 0 or d3 > 0))


CENTER, RADIUS, WIDTH = (64.0, 64.0), 34.0, 13.0
GAP_START, GAP_END = math.radians(-20), math.radians(50)  # the ring is open between these angles (y grows downwards)
# The arrowhead sits at the ring's end GAP_END and points along the ring, clockwise on screen.
_end = (CENTER[0] + RADIUS * math.cos(GAP_END), CENTER[1] + RADIUS * math.sin(GAP_END))
_tangent = (math.sin(GAP_END), -math.cos(GAP_END))
_normal = (math.cos(GAP_END), math.sin(GAP_END))
ARROW = (
    (_end[0] + _normal[0] * 20, _end[1] + _normal[1] * 20),
    (_end[0] - _normal[0] * 20, _end[1] - _normal[1] * 20),
    (_end[0] - _tangent[0] * 24, _end[1] - _tangent[1] * 24),
)


def inside_mark(x, y):
    dx, dy = x - CENTER[0], y - CENTER[1]
    distance = math.hypot(dx, dy)
    angle = math.atan2(dy, dx)
    on_ring = abs(distance - RADIUS) <= WIDTH / 2 and not (GAP_START <= angle <= GAP_END)
    return on_ring or inside_triangle((x, y), *ARROW)


def pixel(px, py):
    background = foreground = 0
    for sy in range(SAMPLES):
        for sx in range(SAMPLES):
            x, y = px + (sx + 0.5) / SAMPLES, py + (sy + 0.5) / SAMPLES
            if inside_rounded_square(x, y):
                background += 1
                if inside_mark(x, y):
                    foreground += 1
    total = SAMPLES * SAMPLES
    alpha = background / total
    if background == 0:
        return (0, 0, 0, 0)
    share = foreground / background
    rgb = tuple(round(b + (f - b) * share) for b, f in zip(BACKGROUND, FOREGROUND))
    return rgb + (round(alpha * 255),)


def png(rows):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + bytes(v for p in row for v in p) for row in rows)
    header = struct.pack(">IIBBBBB", SIZE, SIZE, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


if __name__ == "__main__":
    rows = [[pixel(x, y) for x in range(SIZE)] for y in range(SIZE)]
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "icon.png")
    with open(path, "wb") as f:
        f.write(png(rows))
    print(path)
