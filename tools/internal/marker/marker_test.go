package marker

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/goconcurrency/notebooks/tools/internal/compare"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		name   string
		tags   []string
		source string
		want   Markers
		err    string // a piece of the error; "" for none
	}{
		{name: "none", source: "x := 1\nx", want: Markers{}},
		{name: "author's own tags are left alone", tags: []string{"hide-input", "slow"}, want: Markers{}},
		{name: "nbval tags", tags: []string{"nbval-skip", "nbval-ignore-output", "raises-exception"},
			want: Markers{Skip: true, IgnoreOutput: true, RaisesException: true, Compare: compare.Rules{ErrorNameOnly: true}}},
		{name: "nbval's other name for raises", tags: []string{"nbval-raises-exception"}, want: Markers{RaisesException: true, Compare: compare.Rules{ErrorNameOnly: true}}},
		{name: "check-output is the default", tags: []string{"nbval-check-output"}, source: "// NBVAL_CHECK_OUTPUT\n1", want: Markers{}},
		{name: "nbcheck tags", tags: []string{"nbcheck-any-order", "nbcheck-image-size", "nbcheck-timeout=30s"},
			want: Markers{Compare: compare.Rules{AnyOrder: true, ImageSize: true}, Timeout: 30 * time.Second}},
		{name: "first-line comment", source: "// NBVAL_IGNORE_OUTPUT\nfmt.Println(time.Now())", want: Markers{IgnoreOutput: true}},
		{name: "leading comment block", source: "\n// NBVAL_RAISES_EXCEPTION\n  // NBCHECK_TIMEOUT 1m30s\n// a plain comment\npanic(1)",
			want: Markers{RaisesException: true, Compare: compare.Rules{ErrorNameOnly: true}, Timeout: 90 * time.Second}},
		{name: "all comments", source: "// NBVAL_SKIP\n// NBCHECK_ANY_ORDER\n//NBCHECK_IMAGE_SIZE\nx", want: Markers{Skip: true, Compare: compare.Rules{AnyOrder: true, ImageSize: true}}},
		{name: "a comment after code is no marker", source: "x := 1\n// NBVAL_SKIP\nx", want: Markers{}},
		{name: "tag and comment agree", tags: []string{"nbval-skip"}, source: "// NBVAL_SKIP\n", want: Markers{Skip: true}},
		{name: "misspelt tag", tags: []string{"nbval-ignore-outputs"}, err: `unknown marker tag "nbval-ignore-outputs"`},
		{name: "unknown nbcheck tag", tags: []string{"nbcheck-anyorder"}, err: `unknown marker tag "nbcheck-anyorder"`},
		{name: "misspelt comment", source: "// NBVAL_IGNORE\nx", err: `unknown marker comment "// NBVAL_IGNORE"`},
		{name: "bad timeout tag", tags: []string{"nbcheck-timeout=soon"}, err: `tag nbcheck-timeout=soon: want a positive Go duration`},
		{name: "zero timeout", source: "// NBCHECK_TIMEOUT 0s\n", err: "want a positive Go duration"},
		{name: "timeout without a value", source: "// NBCHECK_TIMEOUT\n", err: `not ""`},
		{name: "argument where none is taken", source: "// NBVAL_SKIP please\n", err: "takes no argument"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Parse(tc.tags, tc.source)
			switch {
			case tc.err != "":
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Errorf("err = %v, want one containing %q", err, tc.err)
				}
			case err != nil:
				t.Errorf("unexpected error %v", err)
			case got != tc.want:
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

// effects is what each marker of Table does, by its tag: a row added to
// Table without its entry here fails TestEveryMarker.
var effects = map[string]Markers{
	"nbval-ignore-output": {IgnoreOutput: true},
	"nbval-skip":          {Skip: true},
	"raises-exception":    {RaisesException: true, Compare: compare.Rules{ErrorNameOnly: true}},
	"nbval-check-output":  {},
	"nbcheck-any-order":   {Compare: compare.Rules{AnyOrder: true}},
	"nbcheck-timeout":     {Timeout: 30 * time.Second},
	"nbcheck-image-size":  {Compare: compare.Rules{ImageSize: true}},
}

// Every marker of Table does what effects says, as a tag, under each of its
// other names, and as a comment.
func TestEveryMarker(t *testing.T) {
	for _, mk := range Table {
		want, ok := effects[mk.Tag]
		if !ok {
			t.Errorf("%s: no entry in effects: what does it do?", mk.Tag)
			continue
		}
		forms := map[string][2]any{
			"tag":     {[]string{mk.TagForm()}, "x"},
			"comment": {[]string(nil), mk.CommentForm() + "\nx"},
		}
		for _, a := range mk.Aliases {
			forms["tag "+a] = [2]any{[]string{strings.Replace(mk.TagForm(), mk.Tag, a, 1)}, "x"}
		}
		for name, f := range forms {
			got, err := Parse(f[0].([]string), f[1].(string))
			if err != nil || got != want {
				t.Errorf("%s as %s: %+v, %v; want %+v", mk.Tag, name, got, err, want)
			}
		}
	}
	if len(effects) != len(Table) {
		t.Errorf("effects has %d markers, Table %d", len(effects), len(Table))
	}
}

// nbcheck's reference (tools/nbcheck/README.md) has the table of markers
// as Markdown() writes it, and nbcheck's doc as Text() does.
func TestDocsListEveryMarker(t *testing.T) {
	readme, err := os.ReadFile("../../nbcheck/README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), Markdown()) {
		t.Errorf("tools/nbcheck/README.md lacks the table of markers; put this in it:\n%s", Markdown())
	}
	doc, err := os.ReadFile("../../nbcheck/main.go")
	if err != nil {
		t.Fatal(err)
	}
	var want strings.Builder
	for _, line := range strings.SplitAfter(strings.TrimSuffix(Text(), "\n"), "\n") {
		want.WriteString("//\t" + line)
	}
	if !strings.Contains(string(doc), want.String()) {
		t.Errorf("tools/nbcheck/main.go's doc lacks the table of markers; put this in it:\n%s", want.String())
	}
}
