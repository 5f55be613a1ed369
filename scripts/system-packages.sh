#!/usr/bin/env bash
# The Debian packages the tests need beside Python: Chromium for the browser tests (driven by
# Playwright at /usr/bin/chromium; no browser is ever downloaded), CJK fonts for the screens
# and the dossier PDF, poppler-utils (pdftotext, pdftoppm, pdffonts) to read the PDF back, and
# Pango for WeasyPrint. Installs only what is missing; run by `make test` and `.ci/run`.
set -euo pipefail

needed=()
command -v chromium >/dev/null 2>&1 || needed+=(chromium)
command -v chromedriver >/dev/null 2>&1 || needed+=(chromium-driver)
command -v pdftotext >/dev/null 2>&1 || needed+=(poppler-utils)
fc-list 2>/dev/null | grep -q "Noto Sans CJK" || needed+=(fonts-noto-cjk)
ldconfig -p 2>/dev/null | grep -q "libpangoft2-1.0.so.0" || needed+=(libpango-1.0-0 libpangoft2-1.0-0)

if [ ${#needed[@]} -eq 0 ]; then
  exit 0
fi
echo "installing Debian packages: ${needed[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${needed[@]}"
