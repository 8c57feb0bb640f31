// Package ipynb reads and writes Jupyter notebooks in nbformat 4.
//
// A notebook read with Parse and written with Marshal keeps every field it
// had, including ones this package does not know, and is laid out the way
// Jupyter itself writes notebooks (keys sorted, one-space indent, non-ASCII
// text as is, a trailing newline), so an unchanged notebook stays
// byte-identical and a changed one gives a small diff.
package ipynb

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/goconcurrency/notebooks/tools/internal/fsutil"
)

// A Notebook is an nbformat 4 notebook.
type Notebook struct {
	Cells         []*Cell
	Metadata      map[string]any
	Nbformat      int
	NbformatMinor int

	extra map[string]json.RawMessage // top-level keys this package does not model
}

// A Cell is one cell of a notebook. Source is the cell's text joined into one
// string; Outputs and ExecutionCount matter only for code cells.
type Cell struct {
	Type           string // "code", "markdown" or "raw"
	ID             string
	Source         string
	Metadata       map[string]any
	Outputs        []*Output
	ExecutionCount *int

	extra map[string]json.RawMessage
}

// An Output is one output of a code cell.
type Output struct {
	Type string // "stream", "execute_result", "display_data" or "error"

	// stream
	Name string // "stdout" or "stderr"
	Text string

	// execute_result and display_data: MIME type to content. Text types
	// hold a string; binary types (images) hold their base64 text as
	// Jupyter stores it; JSON types hold any JSON value.
	Data           map[string]any
	Metadata       map[string]any
	ExecutionCount *int

	// error
	Ename     string
	Evalue    string
	Traceback []string
}

// Tags returns the cell's metadata tags.
func (c *Cell) Tags() []string {
	raw, _ := c.Metadata["tags"].([]any)
	var tags []string
	for _, t := range raw {
		if s, ok := t.(string); ok {
			tags = append(tags, s)
		}
	}
	return tags
}

// A ParseError says why a file is not a usable notebook.
type ParseError struct {
	File string
	Cell int // 1-based; 0 when the problem is not in a cell
	Err  error
}

func (e *ParseError) Error() string {
	if e.Cell > 0 {
		return fmt.Sprintf("%s: cell %d: %v", e.File, e.Cell, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.File, e.Err)
}

func (e *ParseError) Unwrap() error { return e.Err }

// ReadFile reads and parses the notebook at path.
func ReadFile(path string) (*Notebook, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	nb, err := Parse(b)
	if err != nil {
		var pe *ParseError
		if errors.As(err, &pe) {
			pe.File = path
			return nil, pe
		}
		return nil, &ParseError{File: path, Err: err}
	}
	return nb, nil
}

// Parse parses an nbformat 4 notebook. Errors are *ParseError values
// without a file name.
func Parse(b []byte) (*Notebook, error) {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(b, &top); err != nil {
		return nil, &ParseError{Err: fmt.Errorf("not valid JSON: %w", err)}
	}
	if top == nil {
		return nil, &ParseError{Err: errors.New("not a notebook: top level is not a JSON object")}
	}
	nb := &Notebook{extra: map[string]json.RawMessage{}}
	if err := field(top, "nbformat", &nb.Nbformat, true); err != nil {
		return nil, &ParseError{Err: err}
	}
	if nb.Nbformat != 4 {
		return nil, &ParseError{Err: fmt.Errorf("nbformat %d is not supported (only nbformat 4)", nb.Nbformat)}
	}
	if err := field(top, "nbformat_minor", &nb.NbformatMinor, false); err != nil {
		return nil, &ParseError{Err: err}
	}
	if err := field(top, "metadata", &nb.Metadata, false); err != nil {
		return nil, &ParseError{Err: err}
	}
	var cells []map[string]json.RawMessage
	if err := field(top, "cells", &cells, true); err != nil {
		return nil, &ParseError{Err: err}
	}
	for k, v := range top {
		switch k {
		case "nbformat", "nbformat_minor", "metadata", "cells":
		default:
			nb.extra[k] = v
		}
	}
	for i, raw := range cells {
		c, err := parseCell(raw)
		if err != nil {
			return nil, &ParseError{Cell: i + 1, Err: err}
		}
		nb.Cells = append(nb.Cells, c)
	}
	return nb, nil
}

func field(m map[string]json.RawMessage, key string, dst any, required bool) error {
	raw, ok := m[key]
	if !ok {
		if required {
			return fmt.Errorf("missing %q", key)
		}
		return nil
	}
	if err := unmarshal(raw, dst); err != nil {
		return fmt.Errorf("bad %q: %w", key, typeError(err))
	}
	return nil
}

// unmarshal decodes one JSON value, keeping numbers as written (1.0 stays
// 1.0 when the notebook is written again).
func unmarshal(raw []byte, dst any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(dst); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("unexpected data after the value")
	}
	return nil
}

// typeError shortens encoding/json's messages, which name Go types.
func typeError(err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Errorf("unexpected JSON %s", te.Value)
	}
	return err
}

// multiline decodes nbformat's "multiline string": a string or a list of
// strings to be concatenated.
func multiline(raw json.RawMessage) (string, error) {
	if raw == nil {
		return "", nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return s, nil
	}
	var parts []string
	if err := json.Unmarshal(raw, &parts); err != nil {
		return "", errors.New("expected a string or a list of strings")
	}
	return strings.Join(parts, ""), nil
}

func parseCell(m map[string]json.RawMessage) (*Cell, error) {
	c := &Cell{extra: map[string]json.RawMessage{}}
	if err := field(m, "cell_type", &c.Type, true); err != nil {
		return nil, err
	}
	switch c.Type {
	case "code", "markdown", "raw":
	default:
		return nil, fmt.Errorf("unknown cell_type %q", c.Type)
	}
	if err := field(m, "id", &c.ID, false); err != nil {
		return nil, err
	}
	src, err := multiline(m["source"])
	if err != nil {
		return nil, fmt.Errorf("bad \"source\": %w", err)
	}
	c.Source = src
	if err := field(m, "metadata", &c.Metadata, false); err != nil {
		return nil, err
	}
	if c.Type == "code" {
		if err := field(m, "execution_count", &c.ExecutionCount, false); err != nil {
			return nil, err
		}
		var outs []map[string]json.RawMessage
		if err := field(m, "outputs", &outs, false); err != nil {
			return nil, err
		}
		for j, o := range outs {
			out, err := parseOutput(o)
			if err != nil {
				return nil, fmt.Errorf("output %d: %w", j+1, err)
			}
			c.Outputs = append(c.Outputs, out)
		}
	}
	for k, v := range m {
		switch k {
		case "cell_type", "id", "source", "metadata", "outputs", "execution_count":
		default:
			c.extra[k] = v
		}
	}
	return c, nil
}

func parseOutput(m map[string]json.RawMessage) (*Output, error) {
	o := &Output{}
	if err := field(m, "output_type", &o.Type, true); err != nil {
		return nil, err
	}
	var err error
	switch o.Type {
	case "stream":
		if err := field(m, "name", &o.Name, true); err != nil {
			return nil, err
		}
		if o.Text, err = multiline(m["text"]); err != nil {
			return nil, fmt.Errorf("bad \"text\": %w", err)
		}
	case "execute_result", "display_data":
		var data map[string]json.RawMessage
		if err := field(m, "data", &data, false); err != nil {
			return nil, err
		}
		o.Data = map[string]any{}
		for mime, raw := range data {
			if isJSONMime(mime) {
				var v any
				if err := unmarshal(raw, &v); err != nil {
					return nil, fmt.Errorf("bad %q data: %w", mime, err)
				}
				o.Data[mime] = v
				continue
			}
			s, err := multiline(raw)
			if err != nil {
				return nil, fmt.Errorf("bad %q data: %w", mime, err)
			}
			o.Data[mime] = s
		}
		if err := field(m, "metadata", &o.Metadata, false); err != nil {
			return nil, err
		}
		if o.Type == "execute_result" {
			if err := field(m, "execution_count", &o.ExecutionCount, false); err != nil {
				return nil, err
			}
		}
	case "error":
		if err := field(m, "ename", &o.Ename, false); err != nil {
			return nil, err
		}
		if err := field(m, "evalue", &o.Evalue, false); err != nil {
			return nil, err
		}
		if err := field(m, "traceback", &o.Traceback, false); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("unknown output_type %q", o.Type)
	}
	return o, nil
}

// isJSONMime reports whether a MIME bundle entry holds a JSON value rather
// than a (multiline) string, as nbformat defines it.
func isJSONMime(mime string) bool {
	return mime == "application/json" || strings.HasPrefix(mime, "application/") && strings.HasSuffix(mime, "+json")
}

// isSplitMime reports whether Jupyter writes a MIME bundle string as a list
// of lines: text types, JavaScript and SVG are; base64 payloads (images,
// PDF) stay one string.
func isSplitMime(mime string) bool {
	return strings.HasPrefix(mime, "text/") || mime == "application/javascript" || mime == "image/svg+xml"
}

// Kernel returns the notebook's kernelspec name and language ("" when absent).
func (nb *Notebook) Kernel() (name, language string) {
	ks, _ := nb.Metadata["kernelspec"].(map[string]any)
	name, _ = ks["name"].(string)
	language, _ = ks["language"].(string)
	if language == "" {
		li, _ := nb.Metadata["language_info"].(map[string]any)
		language, _ = li["name"].(string)
	}
	return name, language
}

// Marshal returns the notebook as Jupyter writes it.
func (nb *Notebook) Marshal() ([]byte, error) {
	top := map[string]any{}
	for k, v := range nb.extra {
		top[k] = v
	}
	top["nbformat"] = nb.Nbformat
	top["nbformat_minor"] = nb.NbformatMinor
	top["metadata"] = orEmpty(nb.Metadata)
	cells := make([]any, 0, len(nb.Cells))
	for _, c := range nb.Cells {
		cells = append(cells, c.toJSON())
	}
	top["cells"] = cells

	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(top); err != nil {
		return nil, err
	}
	// encoding/json escapes U+2028 and U+2029; Python's json does not.
	b := bytes.ReplaceAll(buf.Bytes(), []byte(`\u2028`), []byte("\u2028"))
	b = bytes.ReplaceAll(b, []byte(`\u2029`), []byte("\u2029"))
	return b, nil
}

func orEmpty(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

// splitLines splits text into nbformat's list-of-lines form the way
// Jupyter does (Python's str.splitlines(keepends=True)): each line keeps
// its ending, and a line ends at \n, \r, \r\n, \v, \f, \x1c-\x1e, U+0085,
// U+2028 or U+2029.
func splitLines(s string) []string {
	lines := []string{}
	start := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		end := -1
		switch r {
		case '\r':
			end = i + 1
			if end < len(s) && s[end] == '\n' {
				end++
			}
		case '\n', '\v', '\f', 0x1c, 0x1d, 0x1e, 0x85, 0x2028, 0x2029:
			end = i + size
		}
		if end < 0 {
			i += size
			continue
		}
		lines = append(lines, s[start:end])
		start, i = end, end
	}
	if start < len(s) {
		lines = append(lines, s[start:])
	}
	return lines
}

func (c *Cell) toJSON() map[string]any {
	m := map[string]any{}
	for k, v := range c.extra {
		m[k] = v
	}
	m["cell_type"] = c.Type
	if c.ID != "" {
		m["id"] = c.ID
	}
	m["metadata"] = orEmpty(c.Metadata)
	m["source"] = splitLines(c.Source)
	if c.Type == "code" {
		m["execution_count"] = c.ExecutionCount
		outs := make([]any, 0, len(c.Outputs))
		for _, o := range c.Outputs {
			outs = append(outs, o.toJSON())
		}
		m["outputs"] = outs
	}
	return m
}

func (o *Output) toJSON() map[string]any {
	m := map[string]any{"output_type": o.Type}
	switch o.Type {
	case "stream":
		m["name"] = o.Name
		m["text"] = splitLines(o.Text)
	case "execute_result", "display_data":
		data := map[string]any{}
		for mime, v := range o.Data {
			if s, ok := v.(string); ok && isSplitMime(mime) {
				data[mime] = splitLines(s)
			} else {
				data[mime] = v
			}
		}
		m["data"] = data
		m["metadata"] = orEmpty(o.Metadata)
		if o.Type == "execute_result" {
			m["execution_count"] = o.ExecutionCount
		}
	case "error":
		m["ename"] = o.Ename
		m["evalue"] = o.Evalue
		tb := o.Traceback
		if tb == nil {
			tb = []string{}
		}
		m["traceback"] = tb
	}
	return m
}

// WriteFile writes the notebook to path atomically: into a temporary file in
// the same folder, then renamed over path, so that a reader never sees half a
// notebook. When the file already holds exactly these bytes it is not
// touched.
func (nb *Notebook) WriteFile(path string) error {
	b, err := nb.Marshal()
	if err != nil {
		return err
	}
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, b) {
		return nil
	}
	return fsutil.WriteFile(path, b)
}
