package threading

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// lessonString returns the raw string a code cell of the lesson notebook
// assigns to name (name := `...`): the helper's tests run the programs the
// lessons show, not copies of them.
func lessonString(t *testing.T, notebook, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "notebooks", notebook))
	if err != nil {
		t.Fatal(err)
	}
	var nb struct {
		Cells []struct {
			CellType string   `json:"cell_type"`
			Source   []string `json:"source"`
		}
	}
	if err := json.Unmarshal(data, &nb); err != nil {
		t.Fatalf("%s: %v", notebook, err)
	}
	for _, c := range nb.Cells {
		src := strings.Join(c.Source, "")
		if _, rest, ok := strings.Cut(src, name+" := `"); ok && c.CellType == "code" {
			if s, _, ok := strings.Cut(rest, "`"); ok {
				return s
			}
		}
	}
	t.Fatalf("%s: no code cell assigns a raw string to %s", notebook, name)
	return ""
}
