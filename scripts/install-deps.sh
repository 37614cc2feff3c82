#!/usr/bin/env bash
# Installs what Lectern needs on Debian 12: FFmpeg's libraries and headers to build, the ffmpeg/ffprobe CLIs, and
# Tesseract's library with its English, French and Simplified Chinese data (slide titles and text for chapters).
# Idempotent: installs only what is missing. Needs root (or sudo) only when something is missing.
#   --for-tests           also what the test suite uses: Debian's Chromium, Firefox ESR and curl, Playwright from PyPI
#                         (pointed at /usr/bin/chromium; never downloads a browser) and marionette-driver (drives
#                         firefox-esr --marionette)   [alias: --with-browser-check];
#                         and Debian's PostgreSQL, whose binaries the tests run as throwaway clusters of their own
#                         (this script starts no PostgreSQL service: the tests need no system-wide server); DejaVu and
#                         Noto CJK fonts, with which the tests draw slides for chapter detection and OCR
#   --with-sample-tools   also espeak-ng and fonts, to regenerate media/sample-lecture.mp4 (scripts/make-sample.sh)
set -euo pipefail

packages=(
    pkg-config
    libavformat-dev libavcodec-dev libavfilter-dev libavutil-dev libswscale-dev libswresample-dev
    ffmpeg
    libtesseract-dev tesseract-ocr-eng tesseract-ocr-fra tesseract-ocr-chi-sim
)
tests=0
for flag in "$@"; do
    case "$flag" in
        --for-tests|--with-browser-check) tests=1; packages+=(chromium firefox-esr curl postgresql fonts-dejavu-core fonts-noto-cjk) ;;
        --with-sample-tools) packages+=(espeak-ng fonts-dejavu-core) ;;
        *) echo "install-deps: unknown option $flag" >&2; exit 2 ;;
    esac
done
if [ "$tests" = 1 ] && ! python3 -m pip --version >/dev/null 2>&1; then packages+=(python3-pip); fi

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing: ${missing[*]}" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if [ "$tests" = 1 ] && ! python3 -c "import playwright" 2>/dev/null; then
    echo "Installing: playwright (PyPI; uses /usr/bin/chromium, downloads no browser)" >&2
    export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
    python3 -m pip install -q playwright || python3 -m pip install -q --break-system-packages playwright
fi
if [ "$tests" = 1 ] && ! python3 -c "import marionette_driver" 2>/dev/null; then
    echo "Installing: marionette-driver (PyPI; drives Debian's firefox-esr, downloads no browser)" >&2
    python3 -m pip install -q marionette-driver || python3 -m pip install -q --break-system-packages marionette-driver
fi
if [ "$tests" = 1 ] && ! python3 -c "import tusclient" 2>/dev/null; then
    echo "Installing: tuspy (PyPI; the tus client the upload tests use)" >&2
    python3 -m pip install -q tuspy || python3 -m pip install -q --break-system-packages tuspy
fi
