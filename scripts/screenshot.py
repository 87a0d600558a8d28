"""Look at a page as a person would: headless Chromium, signed in as a demo login.

.venv/bin/python scripts/screenshot.py /org/communities/ --user demo_street --out /tmp/page.png
"""

import argparse

from playwright.sync_api import sync_playwright

ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--user", default="")
    parser.add_argument("--password", default="demo12345")
    parser.add_argument("--out", default="screenshots/page.png")
    parser.add_argument("--width", type=int, default=1366)
    parser.add_argument("--lang", default="zh-CN")
    args = parser.parse_args()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(locale=args.lang, viewport={"width": args.width, "height": 900})
        if args.user:
            page.goto(f"{args.base}/login/")
            page.fill("input[name=username]", args.user)
            page.fill("input[name=password]", args.password)
            page.click("button[type=submit].w-100")
        page.goto(f"{args.base}{args.path}")
        page.screenshot(path=args.out, full_page=True)
        browser.close()
    print(args.out)


if __name__ == "__main__":
    main()
