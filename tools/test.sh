#!/usr/bin/env bash
# Sets up what the tests need (tools/setup.sh) and runs every test:
# go vet, the Go tests with the race detector, nbcheck on the notebooks
# (yaegi, headless), and the nbconvert check on the real gophernotes kernel.
set -euo pipefail
cd "$(dirname "$0")/.."
export PYDEVD_DISABLE_FILE_VALIDATION=1

bash tools/setup.sh

echo "== go vet"
go vet ./...
echo "== go test -race"
go test -race ./...
echo "== nbcheck (yaegi)"
go run ./tools/nbcheck notebooks
echo "== on the gophernotes kernel: nbconvert on every notebook, Jupyter's kernel test suite"
NOTEBOOKS_KERNEL_TEST=1 go test -count=1 -v -run "TestNbconvertOnGophernotes|TestKernelConformance" ./tools/kernel
