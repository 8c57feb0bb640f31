#!/usr/bin/env bash
# Sets up what the tests need (tools/setup.sh, and Chromium for the browser
# test) and runs every test: go vet, the Go tests with the race detector,
# nbcheck on the notebooks (yaegi, headless), the checks on the real
# gophernotes kernel (nbconvert on every notebook, Jupyter's kernel test
# suite, what our patches make the kernel do), and every notebook run cell
# by cell in Jupyter in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
export PYDEVD_DISABLE_FILE_VALIDATION=1

bash tools/setup.sh

if ! command -v chromium >/dev/null && command -v apt-get >/dev/null; then
	sudo=""
	[ "$(id -u)" = 0 ] || sudo="sudo"
	echo "test: installing chromium from Debian's packages"
	{ $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null; } ||
		echo "test: Chromium could not be installed; the browser test will be skipped"
fi

echo "== go vet"
go vet ./...
echo "== go test -race"
go test -race ./...
echo "== nbcheck (yaegi)"
go run ./tools/nbcheck notebooks
echo "== on the gophernotes kernel: nbconvert on every notebook, Jupyter's kernel test suite, our kernel's behaviour"
NOTEBOOKS_KERNEL_TEST=1 go test -count=1 -v -run "TestNbconvertOnGophernotes|TestKernelConformance|TestKernelBehaviour" ./tools/kernel
echo "== in Jupyter Notebook in Chromium, cell by cell"
NOTEBOOKS_BROWSER_TEST=1 go test -count=1 -v ./tools/browser
