#!/usr/bin/env bash
# Sets up what the tests need (tools/setup.sh, with Chromium for the browser
# tests and shellcheck for the scripts) and runs every test: gofmt, go vet
# and shellcheck, which must find nothing; the Go tests with the race
# detector; nbcheck on the notebooks, on the fidelity corpus and on the
# notebooks others wrote for gophernotes (yaegi, headless); the checks on
# the real gophernotes kernel (nbconvert on every notebook and the corpus,
# Jupyter's kernel test suite, what our patches make the kernel do, nbval,
# the exercises under nbgrader); and every notebook in JupyterLab 4 (one
# in Notebook 7) in headless Chromium.
#
# Each step is timed; the times are listed at the end, slowest first. Two
# things run side by side, on two cores: while setup.sh downloads (apt,
# pip) and builds the kernel, the Go test binaries and nbcheck compile and
# go vet runs. Those are builds; nothing that measures time runs beside
# them. Every step that runs notebooks (on yaegi or on the kernel) runs
# alone, one after the other, each notebook once per check.
set -euo pipefail
cd "$(dirname "$0")/.."
export PYDEVD_DISABLE_FILE_VALIDATION=1

start=$SECONDS
times=()
report() {
	echo "== times (seconds), slowest first; whole run $((SECONDS - start))s"
	printf '%s\n' "${times[@]}" | sort -rn | sed 's/^/  /'
}
# step NAME COMMAND...: runs the command as a step of the report.
step() {
	local name=$1 t0=$SECONDS
	shift
	echo "== $name"
	if ! "$@"; then
		times+=("$((SECONDS - t0)) $name: FAILED")
		return 1
	fi
	times+=("$((SECONDS - t0)) $name")
}

build=$(mktemp -d)
trap 'report; rm -rf "$build"' EXIT
# Builds beside the set-up: a failure is reported when the set-up is done.
builds() {
	go vet ./... &&
		go build -o "$build/nbcheck" ./tools/nbcheck &&
		go test -race -count=1 -run '^$' ./... >/dev/null &&
		go test -count=1 -run '^$' ./tools/kernel ./tools/internal/course ./tools/internal/kernelrun \
			./tools/internal/differential ./tools/fidelity ./tools/browser >/dev/null
}
t0=$SECONDS
builds >"$build/builds.log" 2>&1 &
builder=$!
step "set-up (tools/setup.sh), beside go vet and the builds" bash tools/setup.sh chromium shellcheck
if ! wait "$builder"; then
	echo "go vet or a build failed:" >&2
	cat "$build/builds.log" >&2
	exit 1
fi
times+=("$((SECONDS - t0)) set-up and builds, together")
# Jupyter, nbval and the rest come from the environment setup.sh made.
export PATH="$PWD/.venv/bin:$PATH"
# Tests that need a tool setup.sh installs (python3, ...) fail without it
# here, rather than skip.
export NOTEBOOKS_REQUIRE_TOOLS=1

gofmt_check() {
	local unformatted
	unformatted=$(gofmt -l .)
	if [ -n "$unformatted" ]; then
		echo "gofmt: these files are not formatted (run gofmt -w):" >&2
		echo "$unformatted" >&2
		return 1
	fi
}
step "gofmt -l" gofmt_check
step "shellcheck" shellcheck tools/*.sh .ci/run
step "go test -race" go test -race ./...
step "nbcheck (yaegi): the notebooks and the course's sources" \
	"$build/nbcheck" notebooks tools/course/source
step "nbcheck on the fidelity corpus (notebooks in gophernotes idioms, outputs from the kernel)" \
	"$build/nbcheck" tools/fidelity/testdata
step "nbcheck on notebooks written by others for gophernotes, outputs as their authors stored them" \
	"$build/nbcheck" tools/fidelity/world
export NOTEBOOKS_KERNEL_TEST=1
step "on the gophernotes kernel: nbconvert on every notebook and the fidelity corpus, Jupyter's kernel test suite, our kernel's behaviour" \
	go test -count=1 -v -run "TestNbconvertOnGophernotes|TestKernelConformance|TestKernelBehaviour" ./tools/kernel
step "nbval on the gophernotes kernel (pytest --nbval, the collection's sanitize file)" \
	pytest -p no:cacheprovider -q --nbval notebooks --nbval-sanitize-with tools/nbval/sanitize.cfg
step "the exercises: every check fails on the starter and passes on the solution, on nbcheck and under nbgrader on the kernel (generate_assignment, autograde)" \
	go test -count=1 -v -run "TestExercises" ./tools/internal/course
step "on the gophernotes kernel: nbcheck -kernel's runs, storing the fidelity corpus" \
	go test -count=1 -run "TestOnKernel|TestStore" ./tools/internal/kernelrun ./tools/internal/differential ./tools/fidelity
step "in JupyterLab 4 (and Notebook 7) in headless Chromium: Restart Kernel and Run All on every notebook; Stop, Shift+Tab, Tab, an error stopping Run All" \
	env NOTEBOOKS_BROWSER_TEST=1 go test -count=1 -v ./tools/browser
step "the lessons in a browser with nothing installed: the JupyterLite site built (the kernel's WebAssembly, its extension, jupyter lite build), served on 127.0.0.1, lessons 01, 02, 05, 07 with Run All in headless Chromium and Stop; the kernel's WebAssembly under Node.js" \
	env NOTEBOOKS_LITE_TEST=1 go test -count=1 -v -timeout 15m ./tools/lite
