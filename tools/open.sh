#!/usr/bin/env bash
# Sets up the machine (tools/setup.sh) and opens the collection in
# JupyterLab 4, from the environment setup.sh made (.venv). The same server
# serves Notebook 7 at /tree. Arguments go to Jupyter (for example
# --port=8890). Where there is no display, no browser is launched: open the
# URL with the token that Jupyter prints.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
export PYDEVD_DISABLE_FILE_VALIDATION=1
args=(--notebook-dir=notebooks)
if [ "$(id -u)" = 0 ]; then
	# Jupyter refuses to start as root unless told it may.
	echo "open: running as root: starting Jupyter with --allow-root"
	args+=(--allow-root)
fi
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ "$(uname)" = Linux ]; then
	echo "open: no display: not launching a browser; open the URL printed below"
	args+=(--no-browser)
fi
exec .venv/bin/jupyter lab "${args[@]}" "$@"
