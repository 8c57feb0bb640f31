#!/usr/bin/env bash
# Sets up the machine (tools/setup.sh) and opens the collection in Jupyter:
# JupyterLab where it is installed, else Jupyter Notebook.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
export PYDEVD_DISABLE_FILE_VALIDATION=1
if jupyter lab --version >/dev/null 2>&1; then
	exec jupyter lab --notebook-dir=notebooks "$@"
fi
exec jupyter notebook --notebook-dir=notebooks "$@"
