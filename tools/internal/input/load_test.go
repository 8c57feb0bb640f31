package input

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Unusable input gets an input error of one line naming the file (and the
// cell).
func TestUnusableInputIsAnInputError(t *testing.T) {
	dir := t.TempDir()
	const head = `{"nbformat": 4, "nbformat_minor": 5, "metadata": {"kernelspec": {"name": "gophernotes", "language": "go"}}, "cells": `
	big := strings.Repeat("x", MaxStoredOutput+1)
	for _, tc := range []struct{ name, content, want string }{
		{"broken.ipynb", `{"cells": [`, "broken.ipynb: not valid JSON"},
		{"empty-file.ipynb", ``, "empty-file.ipynb: not valid JSON"},
		{"old.ipynb", `{"nbformat": 3, "worksheets": []}`, "old.ipynb: nbformat 3 is not supported"},
		{"python.ipynb", `{"nbformat": 4, "nbformat_minor": 5, "metadata": {"kernelspec": {"name": "python3", "language": "python"}}, "cells": []}`, `python.ipynb: kernel "python3", language "python": not a Go notebook`},
		{"bare.ipynb", `{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": []}`, "bare.ipynb: no kernelspec"},
		{"empty.ipynb", head + `[]}`, "empty.ipynb: empty notebook: no cells"},
		{"marker.ipynb", head + `[{"cell_type": "code", "source": "1", "metadata": {"tags": ["nbval-skipp"]}, "outputs": []}]}`, `marker.ipynb: cell 1: unknown marker tag "nbval-skipp"`},
		{"huge.ipynb", head + `[{"cell_type": "markdown", "source": "big"}, {"cell_type": "code", "source": "1", "metadata": {}, "outputs": [{"output_type": "stream", "name": "stdout", "text": "` + big + `"}]}]}`,
			"huge.ipynb: cell 2: stored outputs of 10.0 MiB, more than the 10.0 MiB nbcheck reads"},
		{"missing.ipynb", "", "missing.ipynb: no such file or directory"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, tc.name)
			if tc.name != "missing.ipynb" {
				os.WriteFile(path, []byte(tc.content), 0o644)
			}
			_, err := Load(path)
			var ie *Error
			if !errors.As(err, &ie) || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
				t.Errorf("err = %v, want a one-line input error containing %q", err, tc.want)
			}
		})
	}
	// The missing file's error is the system's, for errors.Is.
	if _, err := Load(filepath.Join(dir, "missing.ipynb")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a missing file: %v is not os.ErrNotExist", err)
	}
}

// A Go notebook is one for the gophernotes kernel or in the Go language.
func TestLoadAcceptsGoNotebooks(t *testing.T) {
	dir := t.TempDir()
	for name, kernel := range map[string]string{
		"by-kernel.ipynb":   `{"name": "gophernotes"}`,
		"by-language.ipynb": `{"name": "gonb", "language": "go"}`,
	} {
		path := filepath.Join(dir, name)
		os.WriteFile(path, []byte(`{"nbformat": 4, "nbformat_minor": 5, "metadata": {"kernelspec": `+kernel+`}, "cells": [{"cell_type": "code", "source": "1", "metadata": {}, "outputs": []}]}`), 0o644)
		if nb, err := Load(path); err != nil || len(nb.Cells) != 1 {
			t.Errorf("%s: %v", name, err)
		}
	}
}
