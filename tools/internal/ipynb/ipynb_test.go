package ipynb

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
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
	// The JSON decoder's own error stays inspectable.
	var se *json.SyntaxError
	if _, err := Parse([]byte(`{"cells": [`)); !errors.As(err, &se) {
		t.Errorf("err = %v, want one that wraps a *json.SyntaxError", err)
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

// splitLines cuts text where Python's str.splitlines(True) does; the
// expected values were printed by Python.
func TestSplitLinesLikeJupyter(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"", []string{}},
		{"one", []string{"one"}},
		{"a\nb\n", []string{"a\n", "b\n"}},
		{"a\rb\r\nc\x0bd\x0ce\x1cf\u0085g\u2028h\n", []string{"a\r", "b\r\n", "c\x0b", "d\x0c", "e\x1c", "f\u0085", "g\u2028", "h\n"}},
		{"\r\n\r\n", []string{"\r\n", "\r\n"}},
		{"bad \xff utf-8\n", []string{"bad \xff utf-8\n"}},
	} {
		if got := splitLines(tc.in); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("splitLines(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// Numbers in metadata and JSON outputs keep their spelling, and base64
// payloads stay one string, as nbformat writes them.
func TestMarshalKeepsNumbersAndPayloads(t *testing.T) {
	nb, err := ReadFile("testdata/nbformat-written.ipynb")
	if err != nil {
		t.Fatal(err)
	}
	b, err := nb.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"scale": 1.0`, `"x": 1.0`, `"image/png": "iVBOR`, `"application/pdf": "JVBERi0="`} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("marshalled notebook lacks %s", want)
		}
	}
}

func FuzzParse(f *testing.F) {
	b, _ := os.ReadFile("testdata/gophernotes-probe.ipynb")
	f.Add(b)
	f.Add([]byte(`{"nbformat": 4, "cells": []}`))
	if b, err := os.ReadFile("testdata/nbformat-written.ipynb"); err == nil {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		nb, err := Parse(b)
		if err != nil {
			return
		}
		out, err := nb.Marshal()
		if err != nil {
			t.Fatalf("Marshal after Parse: %v", err)
		}
		nb2, err := Parse(out)
		if err != nil {
			t.Fatalf("re-Parse of Marshal output: %v", err)
		}
		out2, err := nb2.Marshal()
		if err != nil {
			t.Fatalf("second Marshal: %v", err)
		}
		if !bytes.Equal(out, out2) {
			t.Fatalf("Marshal is not stable:\n%s\n%s", out, out2)
		}
	})
}
