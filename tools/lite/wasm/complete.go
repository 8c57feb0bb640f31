//go:build js && wasm

package main

import (
	"go/scanner"
	"go/token"
	"strings"
)

// isComplete answers is_complete_request: "incomplete" while a bracket or
// a raw string is left open, "invalid" for a bracket closed that was never
// opened, "complete" otherwise.
func isComplete(code string) string {
	fset := token.NewFileSet()
	f := fset.AddFile("", -1, len(code))
	var s scanner.Scanner
	open := false
	s.Init(f, []byte(code), func(pos token.Position, msg string) {
		if strings.Contains(msg, "not terminated") {
			open = true
		}
	}, 0)
	depth := 0
	for {
		_, tok, _ := s.Scan()
		switch tok {
		case token.LPAREN, token.LBRACE, token.LBRACK:
			depth++
		case token.RPAREN, token.RBRACE, token.RBRACK:
			depth--
		}
		if tok == token.EOF {
			break
		}
	}
	switch {
	case depth < 0:
		return "invalid"
	case depth > 0 || open:
		return "incomplete"
	}
	return "complete"
}
