//go:build js

package engine

import (
	"fmt"
	"go/token"
	"reflect"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A Completion is the answer to a complete_request: the names that may
// replace code[Start:End] (positions in code points, as Jupyter counts).
type Completion struct {
	Matches []string `json:"matches"`
	Start   int      `json:"cursor_start"`
	End     int      `json:"cursor_end"`
}

// Complete completes the name before the cursor (a position in code
// points): after "pkg.", the exported names of a package the session
// imported; otherwise the packages imported, Go's keywords and predeclared
// names, and the names the cells declared at the top level.
func (s *LiteSession) Complete(code string, cursor int) Completion {
	qual, prefix, start := nameAt(code, cursor)
	seen := map[string]bool{}
	var matches []string
	add := func(name string) {
		if strings.HasPrefix(name, prefix) && !seen[name] && !strings.HasPrefix(name, "__nbcheck") {
			seen[name] = true
			matches = append(matches, name)
		}
	}
	if qual != "" {
		for name := range s.pkgSymbols(qual) {
			if token.IsExported(name) {
				add(name)
			}
		}
	} else {
		for name := range s.in.s.imports {
			if !strings.Contains(name, " ") {
				add(name)
			}
		}
		for _, name := range s.declared {
			add(name)
		}
		for _, name := range goWords {
			add(name)
		}
	}
	sort.Strings(matches)
	if matches == nil {
		matches = []string{}
	}
	return Completion{Matches: matches, Start: start, End: cursor}
}

// An Inspection is the answer to an inspect_request.
type Inspection struct {
	Found bool              `json:"found"`
	Data  map[string]string `json:"data"`
}

// Inspect describes the package member under the cursor (pkg.Name): its
// type, as the compiled package has it. The browser has no Go sources, so
// no doc comments.
func (s *LiteSession) Inspect(code string, cursor int) Inspection {
	// The whole name under the cursor: extend it to the right.
	b := byteOffset(code, cursor)
	for b < len(code) {
		r, size := utf8.DecodeRuneInString(code[b:])
		if !isNameRune(r) {
			break
		}
		b += size
	}
	qual, name, _ := nameAt(code, utf8.RuneCountInString(code[:b]))
	none := Inspection{Data: map[string]string{}}
	if qual == "" {
		path, ok := s.in.s.imports[name]
		if !ok {
			return none
		}
		return Inspection{Found: true, Data: map[string]string{"text/plain": fmt.Sprintf("package %s // import %q", name, path)}}
	}
	v, ok := s.pkgSymbols(qual)[name]
	if !ok {
		return none
	}
	full := qual + "." + name
	var text string
	switch {
	case v.Kind() == reflect.Func:
		text = "func " + full + strings.TrimPrefix(v.Type().String(), "func")
	case v.Kind() == reflect.Pointer && v.IsNil(): // a type
		t := v.Type().Elem()
		text = fmt.Sprintf("type %s %s", full, t.Kind())
		if t.Kind() == reflect.Struct || t.Kind() == reflect.Interface {
			text = fmt.Sprintf("type %s %s", full, describeType(t))
		}
	case v.CanAddr(): // a variable
		text = fmt.Sprintf("var %s %s", full, v.Type().Elem())
		if v.Kind() == reflect.Pointer {
			text = fmt.Sprintf("var %s %s", full, v.Type().Elem())
		}
	default: // a constant
		text = fmt.Sprintf("const %s = %v", full, v.Interface())
	}
	return Inspection{Found: true, Data: map[string]string{"text/plain": text}}
}

// describeType writes a struct's fields or an interface's methods.
func describeType(t reflect.Type) string {
	var b strings.Builder
	switch t.Kind() {
	case reflect.Struct:
		b.WriteString("struct {")
		for i := 0; i < t.NumField(); i++ {
			if f := t.Field(i); f.IsExported() {
				fmt.Fprintf(&b, "\n\t%s %s", f.Name, f.Type)
			}
		}
	case reflect.Interface:
		b.WriteString("interface {")
		for i := 0; i < t.NumMethod(); i++ {
			m := t.Method(i)
			fmt.Fprintf(&b, "\n\t%s%s", m.Name, strings.TrimPrefix(m.Type.String(), "func"))
		}
	}
	b.WriteString("\n}")
	return b.String()
}

// pkgSymbols returns the symbols of the compiled package the session
// imported as name.
func (s *LiteSession) pkgSymbols(name string) map[string]reflect.Value {
	if to, ok := s.in.s.renames[name]; ok && !strings.Contains(to, ".") {
		name = to
	}
	path, ok := s.in.s.imports[name]
	if !ok {
		return nil
	}
	return s.in.s.known[path].symbols
}

// nameAt returns the name that ends at cursor (code points), the package
// name it is qualified by, if any, and where the name starts.
func nameAt(code string, cursor int) (qual, name string, start int) {
	b := byteOffset(code, cursor)
	i := b
	for i > 0 {
		r, size := utf8.DecodeLastRuneInString(code[:i])
		if !isNameRune(r) {
			break
		}
		i -= size
	}
	name = code[i:b]
	start = utf8.RuneCountInString(code[:i])
	if i > 0 && code[i-1] == '.' {
		j := i - 1
		for j > 0 {
			r, size := utf8.DecodeLastRuneInString(code[:j])
			if !isNameRune(r) {
				break
			}
			j -= size
		}
		qual = code[j : i-1]
	}
	return qual, name, start
}

func isNameRune(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }

// byteOffset converts a position in code points to one in bytes.
func byteOffset(code string, cursor int) int {
	b := 0
	for i := 0; i < cursor && b < len(code); i++ {
		_, size := utf8.DecodeRuneInString(code[b:])
		b += size
	}
	return b
}

// goWords are Go's keywords and predeclared names.
var goWords = strings.Fields(`break case chan const continue default defer else fallthrough for func go
goto if import interface map package range return select struct switch type var
append bool byte cap close complex complex128 complex64 copy delete error false float32 float64
imag int int16 int32 int64 int8 iota len make new nil panic print println real recover rune
string true uint uint16 uint32 uint64 uint8 uintptr any`)
