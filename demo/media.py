"""Small real media files for the demo recordings, generated rather than downloaded:
a short audio clip (WAV) and a two-page slide deck (PDF)."""

import io
import math
import struct
import wave

from PIL import Image, ImageDraw, ImageFont

SAMPLE_RATE = 8000


def audio_clip(seconds: int = 6, base_hz: float = 220.0) -> bytes:
    """A soft chime in 8-bit mono: small enough for any connection, playable anywhere."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as clip:
        clip.setnchannels(1)
        clip.setsampwidth(1)
        clip.setframerate(SAMPLE_RATE)
        frames = bytearray()
        for n in range(seconds * SAMPLE_RATE):
            t = n / SAMPLE_RATE
            note = base_hz * (1.5 if int(t) % 2 else 1.0)
            envelope = math.exp(-3 * (t % 1.0))
            frames += struct.pack(
                "B", int(128 + 60 * envelope * math.sin(2 * math.pi * note * t))
            )
        clip.writeframes(bytes(frames))
    return buffer.getvalue()


def slide_deck(title: str, points: list[str]) -> bytes:
    """A title slide and a slide of key points, as a PDF."""
    font_title = ImageFont.load_default(size=44)
    font_body = ImageFont.load_default(size=28)
    pages = []
    for heading, lines in [(title, []), (title, points)]:
        page = Image.new("RGB", (1280, 720), "#f3f1ea")
        draw = ImageDraw.Draw(page)
        draw.rectangle([0, 0, 24, 720], fill="#0b5d4a")
        draw.text((80, 80 if lines else 300), heading, fill="#1c1f23", font=font_title)
        for row, line in enumerate(lines):
            draw.text((80, 220 + row * 60), f"• {line}", fill="#1c1f23", font=font_body)
        pages.append(page)
    buffer = io.BytesIO()
    pages[0].save(buffer, "PDF", save_all=True, append_images=pages[1:], resolution=96)
    return buffer.getvalue()


def illustration(seed: int) -> bytes:
    """A simple landscape (sky, sun, three hills) as a JPEG, different for each seed."""
    width, height = 1200, 675
    palettes = [
        ("#f6d9a8", "#e9a15b", ["#6f8f5b", "#4d6e45", "#2f4d33"]),
        ("#cfe3f2", "#f2c14e", ["#7fa37a", "#5b8060", "#375a44"]),
        ("#f2d4c9", "#e0704f", ["#8d9d6a", "#66784c", "#3f5233"]),
        ("#d8e8e0", "#f5b841", ["#6a9a8c", "#497a6d", "#2d564c"]),
    ]
    sky, sun, hills = palettes[seed % len(palettes)]
    picture = Image.new("RGB", (width, height), sky)
    draw = ImageDraw.Draw(picture)
    sun_x = 250 + 180 * (seed % 4)
    draw.ellipse([sun_x, 90, sun_x + 140, 230], fill=sun)
    for layer, colour in enumerate(hills):
        base = 330 + layer * 110
        points = [(0, height)]
        for x in range(0, width + 100, 100):
            wave = math.sin((x / width) * math.pi * (2 + layer) + seed) * (
                50 - layer * 8
            )
            points.append((x, base + wave))
        points.append((width, height))
        draw.polygon(points, fill=colour)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=82)
    return buffer.getvalue()
