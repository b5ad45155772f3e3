#!/usr/bin/env bash
# Regenerate docs/portal-*.png, the requester's page in each state, from the browser test
# (Debian's Chromium driven by Playwright against `focco247 portal serve`).
set -euo pipefail
cd "$(dirname "$0")/.."
FOCCO247_SCREENSHOTS="$PWD/docs" .venv/bin/pytest -q -p no:cacheprovider \
    tests/e2e/test_portal_browser.py
ls -1 docs/portal-*.png
