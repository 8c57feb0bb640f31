package compare

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
)

// LoadSanitizers reads a sanitize file; see ParseSanitizers.
func LoadSanitizers(path string) ([]Sanitizer, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ParseSanitizers(f, path)
}

// ParseSanitizers reads sanitize rules in the format of nbval's
// --nbval-sanitize-with files: sections that each hold one rule, a
// "regex: " line and, on the next line, a "replace: " line (lines
// starting with # or ; are comments):
//
//	[dates]
//	regex: \d{4}-\d{2}-\d{2}
//	replace: DATE
//
// nbval finds its rules by that pattern alone (lower-case key, a colon, a
// space, the replace line right after the regex line) and silently skips
// whatever does not fit it, so a rule written otherwise is an error here:
// a file nbcheck accepts means the same to nbval. The value is the rest of
// the line, as nbval takes it; an empty replacement is "replace: " with its
// space. Rules apply in the order of the file. The regular expression is Go's
// (RE2, close to Python's for everyday patterns); the replacement is
// written as for Python's re.sub, as in nbval: \1 and \g<name> insert
// groups. name names the file in errors.
func ParseSanitizers(r io.Reader, name string) ([]Sanitizer, error) {
	type rule struct {
		section        string
		line, regexAt  int
		regex, replace *string
	}
	var rules []*rule
	var cur *rule
	seen := map[string]bool{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		text := strings.TrimSuffix(sc.Text(), "\r")
		raw := strings.TrimRight(text, " \t")
		line := strings.TrimSpace(raw)
		switch {
		case line == "" || line[0] == '#' || line[0] == ';':
			continue
		case line[0] == '[':
			if !strings.HasSuffix(line, "]") {
				return nil, fmt.Errorf("%s:%d: bad section header %q", name, n, line)
			}
			sec := strings.TrimSpace(line[1 : len(line)-1])
			if seen[sec] {
				return nil, fmt.Errorf("%s:%d: section [%s] appears twice", name, n, sec)
			}
			seen[sec] = true
			cur = &rule{section: sec, line: n}
			rules = append(rules, cur)
			continue
		case raw[0] == ' ' || raw[0] == '\t':
			return nil, fmt.Errorf("%s:%d: continuation lines are not supported; write each value on one line", name, n)
		}
		if cur == nil {
			return nil, fmt.Errorf("%s:%d: %q before any [section]", name, n, line)
		}
		i := strings.IndexAny(line, ":=")
		if i < 0 {
			return nil, fmt.Errorf("%s:%d: want \"regex: ...\" or \"replace: ...\", not %q", name, n, line)
		}
		key := strings.ToLower(strings.TrimSpace(line[:i]))
		if key != "regex" && key != "replace" {
			return nil, fmt.Errorf("%s:%d: unknown key %q in [%s] (want regex and replace)", name, n, key, cur.section)
		}
		val, ok := strings.CutPrefix(text, key+": ")
		if !ok {
			return nil, fmt.Errorf("%s:%d: nbval would skip %q: write %q, lower case, a colon and a space", name, n, line, key+": ...")
		}
		switch {
		case key == "regex":
			cur.regex, cur.regexAt = &val, n
		case cur.regex == nil || cur.regexAt != n-1:
			return nil, fmt.Errorf("%s:%d: in [%s], nbval reads \"replace: \" only on the line right after \"regex: \"", name, n, cur.section)
		default:
			cur.replace = &val
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	var out []Sanitizer
	for _, r := range rules {
		if r.regex == nil || r.replace == nil {
			return nil, fmt.Errorf("%s:%d: section [%s] needs both regex: and replace:", name, r.line, r.section)
		}
		re, err := regexp.Compile(*r.regex)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: section [%s]: %w", name, r.line, r.section, err)
		}
		out = append(out, Sanitizer{Regexp: re, Replace: pythonReplacement(*r.replace)})
	}
	return out, nil
}

// pythonReplacement turns a replacement written for Python's re.sub into
// one for Go's Regexp.ReplaceAllString.
func pythonReplacement(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '$':
			b.WriteString("$$")
		case c != '\\' || i+1 == len(s):
			b.WriteByte(c)
		case s[i+1] >= '0' && s[i+1] <= '9':
			j := i + 1
			for j < len(s) && j < i+3 && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			b.WriteString("${" + s[i+1:j] + "}")
			i = j - 1
		case s[i+1] == 'g' && i+2 < len(s) && s[i+2] == '<' && strings.IndexByte(s[i+3:], '>') >= 0:
			end := i + 3 + strings.IndexByte(s[i+3:], '>')
			b.WriteString("${" + s[i+3:end] + "}")
			i = end
		case s[i+1] == 'n':
			b.WriteByte('\n')
			i++
		case s[i+1] == 't':
			b.WriteByte('\t')
			i++
		case s[i+1] == '\\':
			b.WriteByte('\\')
			i++
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
