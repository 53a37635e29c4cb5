"""Make the CJK font embedded in KAM's PDFs: Noto Sans CJK SC, subset.

The PDFs must show Chinese on a machine with no CJK fonts, so the project carries
its own. The full font is ~20 MB per weight; this keeps ASCII and Latin-1, the
punctuation and symbols the sheets use, all 6,763 hanzi of GB 2312, and every
character of KAM's own catalogue and demo data: about 3 MB per weight.

Source (SIL Open Font License 1.1): Debian's fonts-noto-cjk package,
  apt-get download fonts-noto-cjk && dpkg -x fonts-noto-cjk_*.deb /tmp/notocjk
then: python scripts/subset_cjk_font.py /tmp/notocjk/usr/share/fonts/opentype/noto
"""

import contextlib
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "static" / "fonts"
SC_INDEX = 2  # Noto Sans CJK SC in the collection
WEIGHTS = {"Regular": "NotoSansSC-KAM-Regular.otf", "Bold": "NotoSansSC-KAM-Bold.otf"}


def gb2312():
    chars = set()
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):
                chars.add(bytes([high, low]).decode("gb2312"))
    return chars


def project_text():
    """Every character KAM itself writes in Chinese: catalogue, templates, demo data."""
    chars = set()
    for pattern in ("locale/**/*.po", "templates/**/*", "*/demo.py"):
        for path in ROOT.glob(pattern):
            if path.is_file():
                chars |= set(path.read_text(encoding="utf-8", errors="ignore"))
    return chars


def characters():
    chars = {chr(c) for c in range(0x20, 0x7F)} | {chr(c) for c in range(0xA0, 0x100)}
    chars |= {chr(c) for c in range(0x2000, 0x2070)}  # general punctuation
    chars |= {chr(c) for c in range(0x3000, 0x3040)}  # CJK symbols and punctuation
    chars |= {chr(c) for c in range(0xFF00, 0xFFF0)}  # full-width forms
    chars |= set("¥×÷→←↑↓✓✔○●□■△▲…—–·€£")
    chars |= gb2312() | project_text()
    return sorted(c for c in chars if c.isprintable() or c == " ")


def main(source_dir):
    OUT.mkdir(parents=True, exist_ok=True)
    text = "".join(characters())
    for weight, filename in WEIGHTS.items():
        collection = TTCollection(Path(source_dir) / f"NotoSansCJK-{weight}.ttc")
        font = collection.fonts[SC_INDEX]
        options = subset.Options()
        options.layout_features = ["*"]
        options.name_IDs = ["*"]
        options.notdef_outline = True
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=text)
        subsetter.subset(font)
        font.save(OUT / filename)
        print(f"{filename}: {(OUT / filename).stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main(sys.argv[1])
