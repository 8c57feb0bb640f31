#!/usr/bin/env bash
# Sets up what the tests need (tools/setup.sh, with Chromium for the browser
# test and shellcheck for the scripts) and runs every test: gofmt, go vet
# and shellcheck, which must find nothing; the Go tests with the race
# detector; nbcheck on the notebooks, on the fidelity corpus and on the
# notebooks others wrote for gophernotes (yaegi, headless); the checks on the real gophernotes kernel (nbconvert on every
# notebook and the corpus, Jupyter's kernel test suite, what our patches
# make the kernel do); and every notebook run cell by cell in Jupyter in
# Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
export PYDEVD_DISABLE_FILE_VALIDATION=1

bash tools/setup.sh chromium shellcheck
# Jupyter, nbval and the rest come from the environment setup.sh made.
export PATH="$PWD/.venv/bin:$PATH"

echo "== gofmt -l"
unformatted=$(gofmt -l .)
if [ -n "$unformatted" ]; then
	echo "gofmt: these files are not formatted (run gofmt -w):" >&2
	echo "$unformatted" >&2
	exit 1
fi
echo "== go vet"
go vet ./...
echo "== shellcheck"
shellcheck tools/*.sh .ci/run
echo "== go test -race"
go test -race ./...
echo "== nbcheck (yaegi): the notebooks and the course's sources"
go run ./tools/nbcheck notebooks tools/course/source
echo "== nbcheck on the fidelity corpus (notebooks in gophernotes idioms, outputs from the kernel)"
go run ./tools/nbcheck tools/fidelity/testdata
echo "== nbcheck on notebooks written by others for gophernotes, outputs as their authors stored them"
go run ./tools/nbcheck tools/fidelity/world
echo "== on the gophernotes kernel: nbconvert on every notebook and the fidelity corpus, Jupyter's kernel test suite, our kernel's behaviour"
NOTEBOOKS_KERNEL_TEST=1 go test -count=1 -v -run "TestNbconvertOnGophernotes|TestKernelConformance|TestKernelBehaviour" ./tools/kernel
echo "== nbval on the gophernotes kernel (pytest --nbval, the collection's sanitize file)"
pytest -p no:cacheprovider -q --nbval notebooks --nbval-sanitize-with tools/nbval/sanitize.cfg
echo "== the exercises: every check fails on the starter and passes on the solution, on nbcheck and under nbgrader on the kernel (generate_assignment, autograde)"
NOTEBOOKS_KERNEL_TEST=1 go test -count=1 -v -run "TestExercises" ./tools/internal/course
echo "== on the gophernotes kernel: nbcheck -kernel's runs, storing the fidelity corpus"
NOTEBOOKS_KERNEL_TEST=1 go test -count=1 -run "TestOnKernel|TestStore" ./tools/internal/kernelrun ./tools/internal/differential ./tools/fidelity
echo "== in Jupyter Notebook in Chromium, cell by cell"
NOTEBOOKS_BROWSER_TEST=1 go test -count=1 -v ./tools/browser
