// Command course makes the learners' notebooks from the instructor's
// sources of the lessons, and stores their outputs from the kernel.
//
//	go run ./tools/course release [-kernel=false] [lesson ...]
//	go run ./tools/course store [lesson ...]
//	go run ./tools/course setup DIR
//
// release writes notebooks/<lesson>.ipynb from
// tools/course/source/<lesson>/<lesson>.ipynb (every lesson that has a
// source, or those named), then runs the source and the learner's notebook
// on the gophernotes kernel and stores their outputs: the checks pass in the
// source and fail, each with its sentence, in the learner's notebook, which
// then stores them as never run (as nbgrader releases them). A notebook is
// written only when the run went as its tags say, atomically.
// With -kernel=false it only writes the notebooks whose cells changed, with
// no outputs. store runs and stores without making the notebooks again.
//
// setup makes a course folder for nbgrader at DIR/course (this folder's
// nbgrader_config.py and sources) with DIR/pkg linked to the repository's
// pkg, so that the helper's import resolves from nbgrader's own folders
// (autograded/<student>/<lesson>/) too. The logic is in tools/internal/course.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/goconcurrency/notebooks/tools/internal/course"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "course:", err)
		os.Exit(1)
	}
}

const usage = `usage:
  go run ./tools/course release [-kernel=false] [lesson ...]
  go run ./tools/course store [lesson ...]
  go run ./tools/course setup DIR`

func run(args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("%s", usage)
	}
	fs := flag.NewFlagSet(args[0], flag.ContinueOnError)
	kernel := fs.Bool("kernel", true, "store the outputs from a run on the kernel")
	timeout := fs.Duration("timeout", 2*time.Minute, "bound of each cell on the kernel")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	root, err := repoRoot()
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	switch args[0] {
	case "release", "store":
		lessons, err := course.Lessons(root, fs.Args()...)
		if err != nil {
			return err
		}
		for _, l := range lessons {
			if args[0] == "release" {
				written, err := course.WriteRelease(l)
				if err != nil {
					return err
				}
				if written {
					fmt.Println("wrote", l.Notebook)
				}
			}
			if !*kernel {
				continue
			}
			for _, path := range []string{l.Source, l.Notebook} {
				start := time.Now()
				if err := course.Store(ctx, path, *timeout); err != nil {
					return err
				}
				fmt.Printf("stored the outputs of %s (%.1fs on the kernel)\n", path, time.Since(start).Seconds())
			}
		}
		return nil
	case "setup":
		if fs.NArg() != 1 {
			return fmt.Errorf("%s", usage)
		}
		dir, err := course.Setup(root, fs.Arg(0))
		if err != nil {
			return err
		}
		fmt.Println("course folder for nbgrader:", dir)
		return nil
	}
	return fmt.Errorf("unknown command %q\n%s", args[0], usage)
}

// repoRoot finds the repository's root: the folder of go.mod, from here up.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		if filepath.Dir(dir) == dir {
			return "", fmt.Errorf("no go.mod in this folder or above: run it in the repository")
		}
		dir = filepath.Dir(dir)
	}
}
