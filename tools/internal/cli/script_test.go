package cli

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/goconcurrency/notebooks/tools/internal/engine"
)

func TestMain(m *testing.M) {
	engine.MaybeRunWorker()
	if os.Getenv(asNbcheck) != "" {
		os.Exit(Main(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

var updateScripts = flag.Bool("update-scripts", false, "write into the scripts the files that cmp finds different (as UPDATE_SCRIPTS=1 does)")

// TestScripts runs the testscript scripts in testdata/script: each .txtar
// file holds a script (its comment) and the files it works on, which are
// written to a fresh folder the script runs in. Besides testscript's own
// commands (stdout, stderr, grep, cmp, cp, exists, ...):
//
//	nbcheck ARGS...     run nbcheck as a process; it must exit 0, or, after "!", not 0
//	status N            the last nbcheck exited with N
//	bigoutput F MIB     write a Go notebook to F with a stored output of MIB MiB
//
// and the conditions [race], set when the tests run with the race detector
// (which makes decoding a 50 MiB notebook take half a minute), and [cpus2],
// set when nbcheck may use at least two CPUs. $FLAKEDATA is the folder of
// the flake package's testdata notebooks.
//
// With -update-scripts or UPDATE_SCRIPTS=1, a cmp whose second file is in
// the script rewrites that file in the script with what the run made.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                "testdata/script",
		UpdateScripts:      *updateScripts || os.Getenv("UPDATE_SCRIPTS") != "",
		RequireUniqueNames: true,
		Setup: func(env *testscript.Env) error {
			env.Setenv(asNbcheck, "1")
			// Notebooks stored from the kernel, which scripts copy in.
			flakeData, err := filepath.Abs("../flake/testdata")
			if err != nil {
				return err
			}
			env.Setenv("FLAKEDATA", flakeData)
			env.Values[statusKey{}] = new(int)
			return nil
		},
		Condition: func(cond string) (bool, error) {
			switch cond {
			case "race":
				return raceEnabled, nil
			case "cpus2":
				return engine.AvailableCPUs() >= 2, nil
			}
			return false, fmt.Errorf("unknown condition %q", cond)
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"nbcheck":   cmdNbcheck,
			"status":    cmdStatus,
			"bigoutput": cmdBigOutput,
		},
	})
}

// statusKey keys the last nbcheck's exit status in a script's values.
type statusKey struct{}

func cmdNbcheck(ts *testscript.TestScript, neg bool, args []string) {
	err := ts.Exec(os.Args[0], args...)
	status := 0
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		status = ee.ExitCode()
	case err != nil:
		ts.Fatalf("running nbcheck: %v", err)
	}
	*ts.Value(statusKey{}).(*int) = status
	if (status != 0) != neg {
		ts.Fatalf("nbcheck: exit status %d", status)
	}
}

func cmdStatus(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 1 || neg {
		ts.Fatalf("usage: status N")
	}
	want, err := strconv.Atoi(args[0])
	ts.Check(err)
	if got := *ts.Value(statusKey{}).(*int); got != want {
		ts.Fatalf("nbcheck exited with %d, want %d", got, want)
	}
}

func cmdBigOutput(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 || neg {
		ts.Fatalf("usage: bigoutput FILE MIB")
	}
	mib, err := strconv.Atoi(args[1])
	ts.Check(err)
	line := `0123456789abcde\n` // 16 bytes, as JSON text
	nb := `{"nbformat": 4, "nbformat_minor": 5, "metadata": {"kernelspec": {"name": "gophernotes", "language": "go"}}, "cells": [` +
		`{"cell_type": "code", "source": "1", "metadata": {}, "outputs": [{"output_type": "stream", "name": "stdout", "text": "` +
		strings.Repeat(line, mib<<16) + `"}]}]}`
	path := ts.MkAbs(args[0])
	ts.Check(os.MkdirAll(filepath.Dir(path), 0o755))
	ts.Check(os.WriteFile(path, []byte(nb), 0o644))
}
