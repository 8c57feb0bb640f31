package compare

import (
	"errors"
	"regexp/syntax"
	"strings"
	"testing"
)

func sanitizeWith(zs []Sanitizer, s string) string {
	return Options{Sanitizers: zs}.sanitize(s)
}

func TestBuiltinSanitizers(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"p = 0xc000123456, q = 0xc0001a2b3c", "p = 0xADDRESS, q = 0xADDRESS"},
		{"&{1 0x7f3a2b1c0d00}", "&{1 0xADDRESS}"},
		{"mask 0xff, magic 0xdeadbeef", "mask 0xff, magic 0xdeadbeef"}, // figures stay
		{"goroutine 17 [running]:\ngoroutine 1 [chan receive]:", "goroutine N [running]:\ngoroutine N [chan receive]:"},
		{"5 goroutines [done]", "5 goroutines [done]"},
		{"wrote /tmp/nbcheck-83412/out.txt: ok", "wrote /tmp/TEMP: ok"},
		{`open "/tmp/x1/y": no such file`, `open "/tmp/TEMP": no such file`},
		{"// warning: skipping import of func sync.OnceValue\nhello\n", "hello\n"},
		{"took 312ms for 1000000 items, 42 left", "took 312ms for 1000000 items, 42 left"}, // numbers stay
	} {
		if got := sanitizeWith(Builtin(), tc.in); got != tc.want {
			t.Errorf("sanitize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestParseSanitizersReadsNbvalFiles(t *testing.T) {
	zs, err := LoadSanitizers("testdata/sanitize.cfg")
	if err != nil {
		t.Fatal(err)
	}
	if len(zs) != 4 {
		t.Fatalf("%d rules, want 4", len(zs))
	}
	for _, tc := range []struct{ in, want string }{
		{"run on 2026-11-25", "run on DATE"},
		{"at 03:28:27 UTC", "at 03:28:SS UTC"},
		{"pid 4242", "process 4242 (was $pid)"},
		{"a\nDEBUG x=1\nb\n", "a\nb\n"},
	} {
		if got := sanitizeWith(zs, tc.in); got != tc.want {
			t.Errorf("sanitize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestParseSanitizersRejectsBadFiles(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"no section", "regex: x\n", "rules.cfg:1: \"regex: x\" before any [section]"},
		{"no replace", "[a]\nregex: x\n", "rules.cfg:1: section [a] needs both regex: and replace:"},
		{"bad regex", "[a]\nregex: (?<=x)y\nreplace: z\n", "rules.cfg:1: section [a]: error parsing regexp"},
		{"unknown key", "[a]\nregexp: x\n", "rules.cfg:2: unknown key \"regexp\""},
		{"twice", "[a]\nregex: x\nreplace: y\n[a]\n", "rules.cfg:4: section [a] appears twice"},
		{"no separator", "[a]\nregex x\n", "rules.cfg:2: want"},
		{"continuation", "[a]\nregex: x\n  y\n", "rules.cfg:3: continuation lines"},
		{"header", "[a\n", "rules.cfg:1: bad section header"},
		// What nbval would silently skip.
		{"equals sign", "[a]\nregex = x\nreplace: y\n", "rules.cfg:2: nbval would skip \"regex = x\""},
		{"no space", "[a]\nregex:x\nreplace: y\n", "rules.cfg:2: nbval would skip"},
		{"capital", "[a]\nRegex: x\nreplace: y\n", "rules.cfg:2: nbval would skip"},
		{"empty replace without its space", "[a]\nregex: x\nreplace:\n", "rules.cfg:3: nbval would skip"},
		{"replace apart", "[a]\nregex: x\n# why\nreplace: y\n", "rules.cfg:4: in [a], nbval reads \"replace: \" only on the line right after"},
		{"replace first", "[a]\nreplace: y\nregex: x\n", "rules.cfg:2: in [a], nbval reads"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseSanitizers(strings.NewReader(tc.in), "rules.cfg")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestPythonReplacement(t *testing.T) {
	for in, want := range map[string]string{
		`\1-\2`:     "${1}-${2}",
		`\g<word>!`: "${word}!",
		`$5`:        "$$5",
		`a\\b`:      `a\b`,
		`tab\there`: "tab\there",
		`trailing\`: `trailing\`,
	} {
		if got := pythonReplacement(in); got != want {
			t.Errorf("pythonReplacement(%q) = %q, want %q", in, got, want)
		}
	}
}

// A bad regex's error is regexp's own, wrapped: the caller can read it.
func TestBadRegexErrorIsWrapped(t *testing.T) {
	_, err := ParseSanitizers(strings.NewReader("[a]\nregex: (\nreplace: z\n"), "rules.cfg")
	var se *syntax.Error
	if !errors.As(err, &se) || se.Code != syntax.ErrMissingParen {
		t.Errorf("err = %v, want one that wraps a *syntax.Error", err)
	}
}
