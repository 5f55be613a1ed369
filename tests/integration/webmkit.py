"""A real, seekable WebM video made in the test, with no encoder but Pillow's WebP.

A lossy WebP image is a RIFF file around one VP8 key frame; a WebM video is a Matroska file
around VP8 frames. So each frame is drawn with Pillow, saved as a lossy WebP, and its VP8
chunk becomes a key frame of the video, muxed here with a cue per frame so that a player can
seek anywhere (Matroska elements: the EBML and Matroska specifications, RFC 8794 and the
WebM project's byte stream format). Nothing is downloaded; Chromium plays the result.
"""

from __future__ import annotations

import io
import os
import struct

from PIL import Image, ImageDraw


def _vint_size(length: int) -> bytes:
    """An EBML data size, always in 8 bytes (``0x01`` marker): simple and valid."""
    return bytes([0x01]) + length.to_bytes(7, "big")


def _element(element_id: int, payload: bytes) -> bytes:
    ident = element_id.to_bytes((element_id.bit_length() + 7) // 8, "big")
    return ident + _vint_size(len(payload)) + payload


def _uint(element_id: int, value: int) -> bytes:
    return _element(element_id, value.to_bytes(max(1, (value.bit_length() + 7) // 8), "big"))


def _text(element_id: int, value: str) -> bytes:
    return _element(element_id, value.encode("ascii"))


def _vp8_frame(index: int, width: int, height: int, quality: int) -> bytes:
    """One VP8 key frame: noise (so the file is large) with the frame's number on it."""
    picture = Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))
    ImageDraw.Draw(picture).rectangle((0, 0, 120, 40), fill=(255, 255, 255))
    ImageDraw.Draw(picture).text((10, 10), f"frame {index}", fill=(0, 0, 0))
    buffer = io.BytesIO()
    picture.save(buffer, "WEBP", quality=quality, method=0)
    data = buffer.getvalue()
    if data[12:16] != b"VP8 ":
        raise ValueError("Pillow wrote no simple lossy WebP (a VP8 chunk)")
    length = int.from_bytes(data[16:20], "little")
    return data[20 : 20 + length]


def webm(
    seconds: int = 8, fps: int = 4, width: int = 640, height: int = 480, quality: int = 90
) -> bytes:
    """A VP8 WebM of ``seconds`` at ``fps``, every frame a key frame and a cue point."""
    frame_ms = 1000 // fps
    frames = [_vp8_frame(i, width, height, quality) for i in range(seconds * fps)]
    header = _element(
        0x1A45DFA3,
        _uint(0x4286, 1) + _uint(0x42F7, 1) + _uint(0x42F2, 4) + _uint(0x42F3, 8)
        + _text(0x4282, "webm") + _uint(0x4287, 2) + _uint(0x4285, 2),
    )  # fmt: skip
    info = _element(
        0x1549A966,
        _uint(0x2AD7B1, 1_000_000)  # timestamps in milliseconds
        + _element(0x4489, struct.pack(">d", float(len(frames) * frame_ms)))
        + _text(0x4D80, "jianzheng-tests") + _text(0x5741, "jianzheng-tests"),
    )  # fmt: skip
    video = _uint(0xB0, width) + _uint(0xBA, height)
    tracks = _element(
        0x1654AE6B,
        _element(
            0xAE,
            _uint(0xD7, 1) + _uint(0x73C5, 1) + _uint(0x83, 1) + _text(0x86, "V_VP8")
            + _uint(0x9C, 0) + _element(0xE0, video),
        ),
    )  # fmt: skip
    clusters = [
        _element(
            0x1F43B675,
            _uint(0xE7, i * frame_ms)
            + _element(0xA3, bytes([0x81]) + (0).to_bytes(2, "big") + bytes([0x80]) + frame),
        )
        for i, frame in enumerate(frames)
    ]

    def cues(first_cluster: int) -> bytes:
        points = b""
        position = first_cluster
        for i, cluster in enumerate(clusters):
            where = _uint(0xF7, 1) + _element(0xF1, position.to_bytes(8, "big"))
            points += _element(0xBB, _uint(0xB3, i * frame_ms) + _element(0xB7, where))
            position += len(cluster)
        return _element(0x1C53BB6B, points)

    # Cues before the clusters, so a player knows where every frame is from the first
    # bytes; their size does not depend on the positions (fixed-width integers).
    first_cluster = len(info) + len(tracks) + len(cues(0))
    body = info + tracks + cues(first_cluster) + b"".join(clusters)
    return header + _element(0x18538067, body)
