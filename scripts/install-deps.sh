#!/usr/bin/env bash
# Installs what Lectern needs on Debian 12 (FFmpeg's libraries and headers to build, the ffmpeg/ffprobe CLIs the tests
# check outputs with). Idempotent: installs only what is missing. Needs root (or sudo) only when something is missing.
set -euo pipefail

packages=(
    pkg-config
    libavformat-dev libavcodec-dev libavfilter-dev libavutil-dev libswscale-dev libswresample-dev
    ffmpeg
)
[ "${1:-}" = "--with-sample-tools" ] && packages+=(espeak-ng fonts-dejavu-core)

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing: ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
