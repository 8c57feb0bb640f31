package marker

import (
	"strings"
	"testing"
	"time"
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
			want: Markers{Skip: true, IgnoreOutput: true, RaisesException: true}},
		{name: "nbval's other name for raises", tags: []string{"nbval-raises-exception"}, want: Markers{RaisesException: true}},
		{name: "check-output is the default", tags: []string{"nbval-check-output"}, source: "// NBVAL_CHECK_OUTPUT\n1", want: Markers{}},
		{name: "nbcheck tags", tags: []string{"nbcheck-any-order", "nbcheck-image-size", "nbcheck-timeout=30s"},
			want: Markers{AnyOrder: true, ImageSize: true, Timeout: 30 * time.Second}},
		{name: "first-line comment", source: "// NBVAL_IGNORE_OUTPUT\nfmt.Println(time.Now())", want: Markers{IgnoreOutput: true}},
		{name: "leading comment block", source: "\n// NBVAL_RAISES_EXCEPTION\n  // NBCHECK_TIMEOUT 1m30s\n// a plain comment\npanic(1)",
			want: Markers{RaisesException: true, Timeout: 90 * time.Second}},
		{name: "all comments", source: "// NBVAL_SKIP\n// NBCHECK_ANY_ORDER\n//NBCHECK_IMAGE_SIZE\nx", want: Markers{Skip: true, AnyOrder: true, ImageSize: true}},
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
