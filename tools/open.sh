#!/usr/bin/env bash
# Sets up the machine (tools/setup.sh) and opens the collection in Jupyter:
# JupyterLab where it is installed, else Jupyter Notebook. Arguments go to
# Jupyter (for example --no-browser, --port=8890).
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
if jupyter lab --version >/dev/null 2>&1; then
	exec jupyter lab "${args[@]}" "$@"
fi
exec jupyter notebook "${args[@]}" "$@"
