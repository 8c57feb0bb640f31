#!/usr/bin/env bash
# Sets up a machine to run the notebooks, as root or as a normal user:
#   - from Debian's packages, only what pip cannot give: gcc, and python3-venv
#     when Python cannot make a virtual environment (sudo when not root);
#   - the Python side (JupyterLab 4, Notebook 7, nbconvert, nbval, nbgrader,
#     ...), pinned in requirements.txt, into the virtual environment .venv
#     inside this checkout (ignored by git);
#   - the gophernotes kernel, built for the Go on this machine and installed
#     as the user kernelspec "gophernotes", where .venv's Jupyter (and any
#     other Jupyter of this user) finds it.
# Safe to run again: what is there is kept, and it is quick.
#
# Extra Debian packages to install along, if missing, may be named as
# arguments: tools/test.sh asks for chromium and shellcheck this way, so
# that this is the one place that runs apt-get.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v go >/dev/null || { echo "setup: go not found on PATH: install Go 1.26 or newer" >&2; exit 1; }
python=${PYTHON:-python3}
command -v "$python" >/dev/null || { echo "setup: $python not found on PATH: install Python 3.9 or newer" >&2; exit 1; }

debs=(gcc "$@")
# Debian's python3 makes virtual environments only with python3-venv.
"$python" -c 'import ensurepip, venv' 2>/dev/null || debs+=(python3-venv)
missing=()
for p in "${debs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Without dpkg (not Debian), a command on PATH is as good as the package.
if ! command -v dpkg-query >/dev/null; then
	missing=()
	command -v gcc >/dev/null || missing+=(gcc)
fi
if ((${#missing[@]})); then
	if command -v apt-get >/dev/null; then
		sudo=()
		[ "$(id -u)" = 0 ] || sudo=(sudo)
		echo "setup: installing ${missing[*]} from Debian's packages"
		"${sudo[@]}" apt-get update -qq
		DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
	else
		echo "setup: no apt-get: install ${missing[*]} yourself" >&2
		command -v gcc >/dev/null || exit 1
	fi
fi

# The Python side, from requirements.txt only. A stamp holding the file's
# hash skips pip while requirements.txt is unchanged.
venv=.venv
stamp=$venv/.requirements.sha256
want=$(sha256sum requirements.txt | cut -d' ' -f1)
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
	echo "setup: installing requirements.txt into $venv"
	[ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
	"$venv/bin/python" -m pip install -q --disable-pip-version-check -r requirements.txt
	echo "$want" >"$stamp"
fi
PATH="$PWD/$venv/bin:$PATH"
export PATH

go run ./tools/kernel
