#!/usr/bin/env bash
# Sets up a machine to run the notebooks: Jupyter (Debian's packages when it
# is missing and apt-get is there), gcc, and the gophernotes kernel built for
# the Go on this machine. Safe to run again: what is there is kept.
#
# Extra Debian packages to install along, if missing, may be named as
# arguments: tools/test.sh asks for chromium and shellcheck this way, so
# that this is the one place that runs apt-get.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v go >/dev/null || { echo "setup: go not found on PATH: install Go 1.26 or newer" >&2; exit 1; }

# Debian's Jupyter packages (no PyPI needed). With pip instead: pip install -r requirements.txt
jupyter_debs=(jupyter-notebook jupyter-nbconvert python3-nbclient jupyter-client python3-ipykernel python3-jupyter-kernel-test gcc)
missing=()
for p in "${jupyter_debs[@]}" "$@"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
	if command -v apt-get >/dev/null; then
		sudo=()
		[ "$(id -u)" = 0 ] || sudo=(sudo)
		echo "setup: installing ${missing[*]} from Debian's packages"
		"${sudo[@]}" apt-get update -qq
		DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
	elif ! { command -v jupyter >/dev/null && jupyter nbconvert --version >/dev/null 2>&1 && command -v gcc >/dev/null; }; then
		echo "setup: Jupyter or gcc is missing: install gcc, then pip install -r requirements.txt" >&2
		exit 1
	elif (($#)); then
		echo "setup: no apt-get: install $* yourself if they are missing" >&2
	fi
fi

go run ./tools/kernel
