package ipynb

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A notebook written by Jupyter comes back byte for byte.
func TestRoundTripIsByteIdentical(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.ipynb")
	if len(files) == 0 {
		t.Fatal("no testdata notebooks")
	}
	for _, f := range files {
		want, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		nb, err := Parse(want)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		got, err := nb.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: re-marshalled notebook differs\n got: %.300s\nwant: %.300s", f, got, want)
		}
	}
}

func TestParseReadsCellsAndOutputs(t *testing.T) {
	nb, err := ReadFile("testdata/gophernotes-probe.ipynb")
	if err != nil {
		t.Fatal(err)
	}
	if name, lang := nb.Kernel(); name != "gophernotes" || lang != "go" {
		t.Errorf("Kernel() = %q, %q", name, lang)
	}
	c := nb.Cells[0]
	if c.Source != "import \"fmt\"\nfmt.Println(\"hi\")" {
		t.Errorf("source = %q", c.Source)
	}
	if len(c.Outputs) != 2 || c.Outputs[0].Text != "hi\n" || c.Outputs[1].Data["text/plain"] != "3 <nil>" {
		t.Errorf("outputs = %+v", c.Outputs)
	}
}

func TestParseRejectsBadInput(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
		cell           int
	}{
		{"not json", `{"cells": [`, "not valid JSON", 0},
		{"array", `[]`, "not valid JSON", 0},
		{"old format", `{"nbformat": 3, "cells": []}`, "nbformat 3 is not supported", 0},
		{"no cells", `{"nbformat": 4, "nbformat_minor": 5, "metadata": {}}`, `missing "cells"`, 0},
		{"bad cell type", `{"nbformat": 4, "cells": [{"cell_type": "code", "source": ""}, {"cell_type": "python"}]}`, `unknown cell_type "python"`, 2},
		{"bad source", `{"nbformat": 4, "cells": [{"cell_type": "code", "source": 3}]}`, `bad "source"`, 1},
		{"bad output", `{"nbformat": 4, "cells": [{"cell_type": "code", "source": "", "outputs": [{"output_type": "picture"}]}]}`, `output 1: unknown output_type`, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.in))
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v, want a *ParseError", err)
			}
			if !strings.Contains(err.Error(), tc.want) || pe.Cell != tc.cell {
				t.Errorf("err = %q (cell %d), want %q (cell %d)", err, pe.Cell, tc.want, tc.cell)
			}
		})
	}
}

func TestWriteFileIsAtomicAndSkipsUnchanged(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "n.ipynb")
	b, _ := os.ReadFile("testdata/gophernotes-probe.ipynb")
	os.WriteFile(path, b, 0o600)
	nb, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	st1, _ := os.Stat(path)
	if err := nb.WriteFile(path); err != nil {
		t.Fatal(err)
	}
	st2, _ := os.Stat(path)
	if !os.SameFile(st1, st2) {
		t.Error("an unchanged notebook was rewritten")
	}
	nb.Cells[0].Source = "changed"
	if err := nb.WriteFile(path); err != nil {
		t.Fatal(err)
	}
	got, _ := ReadFile(path)
	if got.Cells[0].Source != "changed" {
		t.Errorf("source = %q", got.Cells[0].Source)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
		t.Errorf("mode = %v, want 0600 kept", st.Mode().Perm())
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("folder holds %d files, want 1 (no temporary left)", len(ents))
	}
}

func FuzzParse(f *testing.F) {
	b, _ := os.ReadFile("testdata/gophernotes-probe.ipynb")
	f.Add(b)
	f.Add([]byte(`{"nbformat": 4, "cells": []}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		nb, err := Parse(b)
		if err != nil {
			return
		}
		out, err := nb.Marshal()
		if err != nil {
			t.Fatalf("Marshal after Parse: %v", err)
		}
		if _, err := Parse(out); err != nil {
			t.Fatalf("re-Parse of Marshal output: %v", err)
		}
	})
}
