#!/usr/bin/env bash
# Times nbcheck (headless, on yaegi) and jupyter nbconvert --execute (on the
# installed gophernotes kernel) on the same notebooks, one after the other,
# and prints both times and their ratio.
#
#   bash tools/bench-nbcheck.sh [notebook.ipynb | folder]...   # default: notebooks
#
# nbcheck is built first, so the build is not timed; it runs one notebook at
# a time, as nbconvert does (set NBCHECK_FLAGS, e.g. "-jobs 2", to change
# that). nbconvert writes its executed copies to a temporary folder; the
# notebooks themselves are not touched. Either tool failing a notebook is
# reported, and the timing still printed. --nbcheck-only times nbcheck alone
# (for machines without Jupyter or the kernel).
set -euo pipefail
cd "$(dirname "$0")/.."
export PYDEVD_DISABLE_FILE_VALIDATION=1

nbcheck_only=
if [[ "${1:-}" == --nbcheck-only ]]; then
	nbcheck_only=1
	shift
fi
(($# > 0)) || set -- notebooks

notebooks=()
for arg in "$@"; do
	if [[ -d "$arg" ]]; then
		while IFS= read -r f; do notebooks+=("$f"); done < <(find "$arg" -name '*.ipynb' -not -path '*/.ipynb_checkpoints/*' | sort)
	else
		notebooks+=("$arg")
	fi
done
((${#notebooks[@]} > 0)) || { echo "bench-nbcheck: no notebooks in $*" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/nbcheck" ./tools/nbcheck

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

echo "${#notebooks[@]} notebooks: ${notebooks[*]}"

start=$(now)
# shellcheck disable=SC2086 # NBCHECK_FLAGS holds several flags
if ! "$tmp/nbcheck" ${NBCHECK_FLAGS:-} "${notebooks[@]}" >"$tmp/nbcheck.log" 2>&1; then
	echo "nbcheck reported failures:"
	tail -n 20 "$tmp/nbcheck.log"
fi
nbcheck_s=$(elapsed "$start" "$(now)")
printf '%-44s %8s s\n' "nbcheck (yaegi, headless):" "$nbcheck_s"

if [[ -n "$nbcheck_only" ]]; then
	exit 0
fi

start=$(now)
if ! jupyter nbconvert --to notebook --execute --ExecutePreprocessor.timeout=600 \
	--output-dir "$tmp/executed" "${notebooks[@]}" >"$tmp/nbconvert.log" 2>&1; then
	echo "nbconvert failed:"
	tail -n 20 "$tmp/nbconvert.log"
fi
nbconvert_s=$(elapsed "$start" "$(now)")
printf '%-44s %8s s\n' "jupyter nbconvert --execute (gophernotes):" "$nbconvert_s"
awk -v a="$nbcheck_s" -v b="$nbconvert_s" 'BEGIN {
	if (a > 0) printf "%-44s %8.1fx\n", "ratio (nbconvert / nbcheck):", b / a
}'
