"""Draw the installable app's icons from static/img/favicon.svg with Chromium.

    .venv/bin/python scripts/make_icons.py

Writes icon-192.png and icon-512.png (the logo as it is) and icon-maskable-512.png
(the logo inside the safe zone on the brand colour, for launchers that crop icons
to a circle or a squircle). Commit the PNGs; nothing draws them at run time.
"""

from pathlib import Path

from playwright.sync_api import sync_playwright

IMG = Path(__file__).resolve().parents[1] / "static" / "img"
BRAND = "#1d4e89"
PAGE = """<!doctype html><html><body style="margin:0;background:{background}">
<div style="width:{size}px;height:{size}px;display:flex;align-items:center;
justify-content:center">{svg}</div></body></html>"""


def draw(page, name, size, *, scale=1.0, background="transparent"):
    logo = round(size * scale)
    svg = (
        (IMG / "favicon.svg")
        .read_text()
        .replace("<svg ", f'<svg width="{logo}" height="{logo}" ', 1)
    )
    page.set_viewport_size({"width": size, "height": size})
    page.set_content(PAGE.format(size=size, svg=svg, background=background))
    page.screenshot(path=IMG / name, omit_background=background == "transparent")
    print(f"wrote static/img/{name}")


def main():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox"]
        )
        page = browser.new_page()
        draw(page, "icon-192.png", 192)
        draw(page, "icon-512.png", 512)
        # The safe zone of a maskable icon is the middle 80 %.
        draw(page, "icon-maskable-512.png", 512, scale=0.8, background=BRAND)
        browser.close()


if __name__ == "__main__":
    main()
