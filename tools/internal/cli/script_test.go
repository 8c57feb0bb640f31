package cli

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/goconcurrency/notebooks/tools/internal/engine"
)

func TestMain(m *testing.M) {
	engine.MaybeRunWorker()
	if os.Getenv(asNbcheck) != "" {
		os.Exit(Main(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// TestScripts runs the scripts in testdata/script, in the manner of
// testscript: each .txtar file holds a script (its comment) and the files
// it works on, which are written to a fresh folder the script runs in.
//
// Commands, one a line (# starts a comment):
//
//	nbcheck ARGS...     run nbcheck; it must exit 0, or, after "!", not 0
//	status N            the last nbcheck exited with N
//	stdout RE           its stdout matches RE (multi-line mode); "! stdout RE": does not
//	stderr RE           the same for its stderr
//	grep RE F           file F matches RE; "! grep RE F": it does not
//	cmp A B             files A and B are equal
//	cp A B              copy file A to B
//	exists F            file F exists; "! exists F": it does not
//	bigoutput F MIB     write a Go notebook to F with a stored output of MIB MiB
//	                    (at most 12 with the race detector, which is slow at it)
//
// Arguments may be quoted with single quotes.
func TestScripts(t *testing.T) {
	files, err := filepath.Glob("testdata/script/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no scripts: %v", err)
	}
	for _, f := range files {
		t.Run(strings.TrimSuffix(filepath.Base(f), ".txtar"), func(t *testing.T) {
			runScript(t, f)
		})
	}
}

// parseTxtar splits a txtar archive into its comment and its files.
func parseTxtar(b []byte) (comment string, files map[string]string, order []string) {
	files = map[string]string{}
	var name string
	var cur strings.Builder
	flush := func() {
		if name == "" {
			comment = cur.String()
		} else {
			files[name] = cur.String()
			order = append(order, name)
		}
		cur.Reset()
	}
	for _, line := range strings.SplitAfter(string(b), "\n") {
		trimmed := strings.TrimRight(line, "\n")
		if strings.HasPrefix(trimmed, "-- ") && strings.HasSuffix(trimmed, " --") && len(trimmed) > 6 {
			flush()
			name = strings.TrimSpace(trimmed[3 : len(trimmed)-3])
			continue
		}
		cur.WriteString(line)
	}
	flush()
	return comment, files, order
}

// splitArgs splits a script line into words; single quotes group.
func splitArgs(line string) []string {
	var args []string
	var cur strings.Builder
	quoted, inWord := false, false
	for _, r := range line {
		switch {
		case r == '\'':
			quoted = !quoted
			inWord = true
		case (r == ' ' || r == '\t') && !quoted:
			if inWord {
				args = append(args, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if inWord {
		args = append(args, cur.String())
	}
	return args
}

func runScript(t *testing.T, path string) {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	script, files, order := parseTxtar(b)
	dir := t.TempDir()
	for _, name := range order {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(files[name]), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)

	var stdout, stderr bytes.Buffer
	status := -1
	var log strings.Builder
	fail := func(n int, line, format string, args ...any) {
		t.Fatalf("%s:%d: %s: %s\n--- log:\n%s--- stdout:\n%s--- stderr:\n%s", path, n, line, fmt.Sprintf(format, args...), log.String(), stdout.String(), stderr.String())
	}
	for n, line := range strings.Split(script, "\n") {
		n++
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fmt.Fprintf(&log, "> %s\n", line)
		neg := false
		if rest, ok := strings.CutPrefix(line, "! "); ok {
			neg, line = true, rest
		}
		args := splitArgs(line)
		switch args[0] {
		case "nbcheck":
			stdout.Reset()
			stderr.Reset()
			status = Main(args[1:], &stdout, &stderr)
			if (status != 0) != neg {
				fail(n, line, "exit status %d", status)
			}
		case "status":
			if want, _ := strconv.Atoi(args[1]); status != want {
				fail(n, line, "exit status %d", status)
			}
		case "stdout", "stderr":
			text := stdout.String()
			if args[0] == "stderr" {
				text = stderr.String()
			}
			re, err := regexp.Compile("(?m)" + args[1])
			if err != nil {
				fail(n, line, "%v", err)
			}
			if re.MatchString(text) == neg {
				fail(n, line, "%s does not match", args[0])
			}
		case "grep":
			b, err := os.ReadFile(args[2])
			re, rerr := regexp.Compile("(?m)" + args[1])
			if err != nil || rerr != nil {
				fail(n, line, "%v %v", err, rerr)
			}
			if re.Match(b) == neg {
				fail(n, line, "%s does not match:\n%s", args[2], b)
			}
		case "cmp":
			a, errA := os.ReadFile(args[1])
			b, errB := os.ReadFile(args[2])
			if errA != nil || errB != nil || !bytes.Equal(a, b) {
				fail(n, line, "files differ (%v, %v):\n%s\n---\n%s", errA, errB, a, b)
			}
		case "cp":
			b, err := os.ReadFile(args[1])
			if err == nil {
				err = os.WriteFile(args[2], b, 0o644)
			}
			if err != nil {
				fail(n, line, "%v", err)
			}
		case "exists":
			if _, err := os.Stat(args[1]); (err == nil) == neg {
				fail(n, line, "exists: %v", err == nil)
			}
		case "bigoutput":
			mib, _ := strconv.Atoi(args[2])
			if raceEnabled {
				mib = min(mib, 12)
			}
			nb := `{"nbformat": 4, "nbformat_minor": 5, "metadata": {"kernelspec": {"name": "gophernotes", "language": "go"}}, "cells": [` +
				`{"cell_type": "code", "source": "1", "metadata": {}, "outputs": [{"output_type": "stream", "name": "stdout", "text": "` +
				strings.Repeat("0123456789abcde\n", mib<<16) + `"}]}]}`
			nb = strings.ReplaceAll(nb, "\n\"", "\\n\"")
			nb = strings.ReplaceAll(nb, "e\n", "e\\n")
			os.MkdirAll(filepath.Dir(args[1]), 0o755)
			if err := os.WriteFile(args[1], []byte(nb), 0o644); err != nil {
				fail(n, line, "%v", err)
			}
		default:
			fail(n, line, "unknown command %q", args[0])
		}
	}
}
