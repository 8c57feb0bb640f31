package engine

import "testing"

// nbcheck's own errors name the problem as Go does, never an interpreter
// internal ("constant definition loop", "nil type", "incomplete type").
func TestErrorsNameTheProblemAsGoDoes(t *testing.T) {
	runSessions(t, []cellSession{
		{"an undefined name", []string{
			`import "fmt"`,
			"x := missing",
			"var y = missing + 1",
			"w := vg.Points(20)",
			"fmt.Println(missing)",
			"missing",
			"z := undefinedFunc(1)",
			"func f() int { return missing }",
		}, []string{
			"",
			"ERROR: 1:6: undefined: missing\n",
			"ERROR: 1:9: undefined: missing\n",
			"ERROR: 1:6: undefined: vg\n",
			"ERROR: 1:13: undefined: missing\n",
			"ERROR: 1:1: undefined: missing\n",
			"ERROR: 1:6: undefined: undefinedFunc\n",
			"ERROR: 1:23: undefined: missing\n",
		}},
		{"a range over an integer (Go 1.22; gomacro has Go 1.18)", []string{
			`import "fmt"`,
			"for i := range 3 {\n\tfmt.Println(i)\n}",
			"n := 3\nfor i := range n {\n\tfmt.Println(i)\n}",
		}, []string{
			"",
			"ERROR: 1:16: cannot range over 3 (untyped int constant)\n",
			"ERROR: 2:16: cannot range over n (variable of type int)\n",
		}},
	})
}
