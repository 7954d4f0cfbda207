"""Image files (PNG, JPEG, multi-page TIFF) as RGB arrays, behind a decompression-bomb guard."""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from extractor.errors import UnreadableFile

# A4 at 600 dpi is 35 Mpx; A3 at 600 dpi is 70 Mpx. Anything above is not a scan of a document.
MAX_PIXELS = 80_000_000
MAX_FRAMES = 500

Image.MAX_IMAGE_PIXELS = MAX_PIXELS


@dataclass(frozen=True)
class ImageInfo:
    frames: int
    dpi: float | None


def _open(data: bytes) -> Image.Image:
    try:
        with warnings.catch_warnings():
            # Pillow warns of damaged metadata (« Corrupt EXIF data ») on standard error: a damaged
            # file is reported as such, a file that reads is read, nothing for a person to see.
            warnings.simplefilter("ignore", UserWarning)
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise UnreadableFile("too_large", _pixels_detail(exc)) from None
    except UnidentifiedImageError:
        raise UnreadableFile("corrupt", "image illisible") from None
    except (OSError, ValueError, SyntaxError):
        raise UnreadableFile("corrupt", "image") from None
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise UnreadableFile("too_large", f"{width} × {height} px")
    return image


def _pixels_detail(exc: Exception) -> str:
    """``400 Mpx`` from Pillow's "Image size (400000000 pixels) exceeds limit…"."""
    digits = re.search(r"\d+", str(exc))
    return f"{int(digits.group()) / 1e6:.0f} Mpx" if digits else "Mpx"


def inspect(data: bytes) -> ImageInfo:
    """Frame count and resolution, read from the header without decoding pixels."""
    image = _open(data)
    frames = getattr(image, "n_frames", 1)
    if frames > MAX_FRAMES:
        raise UnreadableFile("too_many_pages", f"{frames} > {MAX_FRAMES}")
    dpi = image.info.get("dpi")
    return ImageInfo(frames=frames, dpi=float(dpi[0]) if dpi and dpi[0] else None)


def iter_frames(data: bytes) -> Iterator[np.ndarray]:
    """Each frame as an upright (EXIF-transposed) RGB array."""
    image = _open(data)
    try:
        for index, frame in enumerate(ImageSequence.Iterator(image)):
            if index >= MAX_FRAMES:
                break
            yield _to_rgb(frame)
    except (OSError, ValueError, SyntaxError, EOFError):
        raise UnreadableFile("corrupt", "image") from None


def _to_rgb(frame: Image.Image) -> np.ndarray:
    frame = ImageOps.exif_transpose(frame) or frame
    if frame.mode in ("RGBA", "LA", "PA") or (frame.mode == "P" and "transparency" in frame.info):
        background = Image.new("RGB", frame.size, "white")
        background.paste(frame.convert("RGBA"), mask=frame.convert("RGBA").getchannel("A"))
        return np.asarray(background)
    return np.asarray(frame.convert("RGB"))
