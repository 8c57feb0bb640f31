// Package cellsplit cuts a Go notebook cell, written for gophernotes, into
// its top-level statements and declarations, and groups them into the
// chunks the yaegi interpreter can evaluate one at a time. It is pure
// go/scanner and go/parser work: the engine runs the chunks, lint reads the
// units, and neither needs the other.
package cellsplit

import (
	"go/parser"
	"go/scanner"
	"go/token"
	"strings"
)

// A Chunk is a run of consecutive top-level units of a cell that yaegi can
// evaluate in one call: either declarations (import, const, type, var, func)
// or statements.
type Chunk struct {
	Src   string
	Decl  bool
	Block bool // a for, if, switch, select or defer statement or a block: see opensBlock
}

// Split cuts a gophernotes-style cell into chunks in source order, and
// returns separately its last unit when that is an expression statement,
// whose value the notebook shows.
//
// gomacro accepts cells that mix declarations and statements; yaegi's Eval
// takes either a run of declarations or a run of statements, so a cell is
// evaluated chunk by chunk. Units are split at the semicolons (written or
// inserted at line ends) that stand outside any brackets; a unit runs from
// its first token to the end of its last, leaving out trailing comments.
func Split(src string) (chunks []Chunk, lastExpr string) {
	units := topLevelUnits(src)
	if n := len(units); n > 0 && isExpr(units[n-1]) {
		lastExpr = units[n-1]
		units = units[:n-1]
	}
	alone := false // the last chunk must stay alone
	for _, u := range units {
		d := isDecl(u)
		if !d && opensBlock(u) {
			chunks = append(chunks, Chunk{Src: u, Block: true})
			alone = true
			continue
		}
		if n := len(chunks); n > 0 && chunks[n-1].Decl == d && !alone {
			chunks[n-1].Src += "\n" + u
			continue
		}
		chunks = append(chunks, Chunk{Src: u, Decl: d})
		alone = false
	}
	return chunks, lastExpr
}

// A Unit is one top-level statement or declaration of a cell.
type Unit struct {
	Src       string
	Offset    int  // of Src in the cell
	Line, Col int  // where Src starts in the cell, from 1
	Decl      bool // a declaration (import, const, type, var, func)
}

// At returns where in the cell the given line and column of the unit's
// Src are (both from 1).
func (u Unit) At(line, col int) (int, int) {
	if line == 1 {
		col += u.Col - 1
	}
	return line + u.Line - 1, col
}

// FuncLiteral reports whether a unit begins with the keyword func without
// being a declaration: a function literal, called in place or not, or a
// declaration that does not parse. gomacro reads every unit that begins
// with func as a declaration, and so rejects these with a syntax error
// (see DeclError); yaegi would run them.
func (u Unit) FuncLiteral() bool { return !u.Decl && hasKeyword(u.Src, "func") }

// DeclError returns the error go/parser gives for the unit u read as a
// top-level declaration, positioned in the cell and worded as gomacro
// words it ("2:8: expected 'IDENT', found '{' (and 2 more errors)"); nil
// when the unit is a declaration.
func DeclError(u Unit) error {
	_, err := parser.ParseFile(token.NewFileSet(), "", "package p\n"+u.Src, parser.SkipObjectResolution)
	list, ok := err.(scanner.ErrorList)
	if !ok {
		return err
	}
	for _, e := range list {
		// Less the line of the package clause.
		e.Pos.Line, e.Pos.Column = u.At(e.Pos.Line-1, e.Pos.Column)
	}
	return list
}

// Units cuts a cell into its top-level statements and declarations, the
// way Split cuts it. Text that does not scan is one unit.
func Units(src string) []Unit {
	var units []Unit
	for _, u := range topLevelSpans(src) {
		text := src[u[0]:u[1]]
		line := strings.Count(src[:u[0]], "\n") + 1
		col := u[0] - strings.LastIndexByte(src[:u[0]], '\n')
		units = append(units, Unit{Src: text, Offset: u[0], Line: line, Col: col, Decl: isDecl(text)})
	}
	return units
}

// opensBlock reports whether a statement is a for, if, switch, select or
// defer statement or a block. Such a statement declares nothing that
// outlives it, so the engine runs it as the body of a function of its own,
// declared and then called: yaegi loses variables defined from several
// values (job, ok := q.Get()) inside blocks at the top level of an
// evaluation, but not inside a function; and a top-level defer runs when
// its statement ends, as in gomacro, not again at the end of every later
// evaluation, as yaegi runs the deferred calls of its global frame.
func opensBlock(unit string) bool {
	if strings.HasPrefix(unit, "{") {
		return true
	}
	for _, kw := range []string{"for", "if", "switch", "select", "defer"} {
		if hasKeyword(unit, kw) {
			return true
		}
	}
	return false
}

// hasKeyword reports whether a unit begins with the keyword kw.
func hasKeyword(unit, kw string) bool {
	rest, ok := strings.CutPrefix(unit, kw)
	return ok && (rest == "" || !isIdentByte(rest[0]))
}

// topLevelUnits returns the source of each top-level statement or
// declaration of src. Text that does not scan is returned as one unit, so
// that the interpreter reports the error.
func topLevelUnits(src string) []string {
	var units []string
	for _, u := range topLevelSpans(src) {
		units = append(units, src[u[0]:u[1]])
	}
	return units
}

// topLevelSpans returns the start and end offsets of the units of src.
func topLevelSpans(src string) [][2]int {
	fset := token.NewFileSet()
	file := fset.AddFile("cell", -1, len(src))
	var s scanner.Scanner
	bad := false
	s.Init(file, []byte(src), func(token.Position, string) { bad = true }, 0)

	var units [][2]int
	depth, start, end := 0, -1, 0
	header := false
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		off := file.Offset(pos)
		switch tok {
		case token.FOR, token.IF, token.SWITCH:
			// The semicolons of "for i := 0; i < n; i++ {" and
			// "if v := f(); v > 0 {" do not end a unit.
			if depth == 0 {
				header = true
			}
		case token.LBRACE:
			if depth == 0 {
				header = false
			}
			depth++
		case token.LPAREN, token.LBRACK:
			depth++
		case token.RPAREN, token.RBRACE, token.RBRACK:
			depth--
		}
		if tok == token.SEMICOLON && depth == 0 && !header {
			if start >= 0 {
				units = append(units, [2]int{start, end})
			}
			start = -1
			continue
		}
		if start < 0 {
			start = off
		}
		if tok == token.SEMICOLON {
			continue
		}
		if lit == "" {
			lit = tok.String()
		}
		end = min(off+len(lit), len(src))
	}
	if start >= 0 {
		units = append(units, [2]int{start, end})
	}
	if bad || depth != 0 {
		t := strings.TrimSpace(src)
		if t == "" {
			return nil
		}
		i := strings.Index(src, t)
		return [][2]int{{i, i + len(t)}}
	}
	return units
}

// isDecl reports whether a unit is a top-level declaration.
func isDecl(unit string) bool {
	for _, kw := range []string{"import", "type", "const", "var", "func"} {
		if strings.HasPrefix(unit, kw) {
			rest := unit[len(kw):]
			if rest == "" || !isIdentByte(rest[0]) {
				if kw != "func" {
					return true
				}
				// func f(), func (r T) M(): declarations;
				// func() {...}(): a statement.
				_, err := parser.ParseFile(token.NewFileSet(), "", "package p\n"+unit, parser.SkipObjectResolution)
				return err == nil
			}
		}
	}
	return false
}

func isIdentByte(b byte) bool {
	return b == '_' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= 0x80
}

// isExpr reports whether a unit is an expression statement.
func isExpr(unit string) bool {
	if isDecl(unit) {
		return false
	}
	_, err := parser.ParseExpr(unit)
	return err == nil
}

// Rename returns src with the identifiers that names maps replaced by what
// they map to, except where an identifier follows a '.' (a selector: a
// field, a method, a package's member). Comments and literals are left
// alone; src that does not scan is renamed as far as it scans.
func Rename(src string, names map[string]string) string {
	if len(names) == 0 {
		return src
	}
	fset := token.NewFileSet()
	file := fset.AddFile("cell", -1, len(src))
	var s scanner.Scanner
	s.Init(file, []byte(src), nil, 0)
	var b strings.Builder
	done, prev := 0, token.ILLEGAL
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		if to, ok := names[lit]; ok && tok == token.IDENT && prev != token.PERIOD {
			off := file.Offset(pos)
			b.WriteString(src[done:off])
			b.WriteString(to)
			done = off + len(lit)
		}
		prev = tok
	}
	b.WriteString(src[done:])
	return b.String()
}
