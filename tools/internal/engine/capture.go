package engine

import (
	"io"
	"os"
	"regexp"
	"strings"
	"sync"

	"github.com/goconcurrency/notebooks/tools/internal/ipynb"
)

// A capture swaps os.Stdout and os.Stderr for pipes while a cell runs, as
// the gophernotes kernel does, and collects what is written to them as
// stream outputs in the order it arrives.
type capture struct {
	oldOut, oldErr *os.File
	wOut, wErr     *os.File
	wg             sync.WaitGroup
	mu             sync.Mutex
	parts          []part
	tee            func(string, []byte)
	size           int64 // bytes kept
	dropped        int64 // bytes beyond MaxCellOutput
}

// A part is a run of output on one stream.
type part struct {
	name string
	text *strings.Builder
}

func startCapture(tee func(string, []byte)) (*capture, error) {
	rOut, wOut, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	rErr, wErr, err := os.Pipe()
	if err != nil {
		rOut.Close()
		wOut.Close()
		return nil, err
	}
	c := &capture{oldOut: os.Stdout, oldErr: os.Stderr, wOut: wOut, wErr: wErr, tee: tee}
	c.wg.Add(2)
	go c.copy("stdout", rOut)
	go c.copy("stderr", rErr)
	os.Stdout, os.Stderr = wOut, wErr
	return c, nil
}

func (c *capture) copy(name string, r io.ReadCloser) {
	defer c.wg.Done()
	defer r.Close()
	buf := make([]byte, 32<<10)
	for {
		n, err := r.Read(buf)
		if n > 0 {
			c.mu.Lock()
			p := buf[:n]
			if room := MaxCellOutput - c.size; int64(len(p)) > room {
				c.dropped += int64(len(p)) - max(room, 0)
				p = p[:max(room, 0)]
			}
			c.size += int64(len(p))
			if len(p) > 0 {
				// (Over the limit, reading goes on so the cell is not blocked.)
				c.parts = appendPart(c.parts, name, string(p))
				if c.tee != nil {
					c.tee(name, p)
				}
			}
			c.mu.Unlock()
		}
		if err != nil {
			return
		}
	}
}

func (c *capture) stop() []*ipynb.Output {
	os.Stdout, os.Stderr = c.oldOut, c.oldErr
	c.wOut.Close()
	c.wErr.Close()
	c.wg.Wait()
	return streamOutputs(c.parts)
}

// appendPart adds text printed on a stream to parts.
func appendPart(parts []part, stream, text string) []part {
	if k := len(parts); k == 0 || parts[k-1].name != stream {
		parts = append(parts, part{stream, &strings.Builder{}})
	}
	parts[len(parts)-1].text.WriteString(text)
	return parts
}

// streamOutputs turns parts into stream outputs.
func streamOutputs(parts []part) []*ipynb.Output {
	var outs []*ipynb.Output
	for _, p := range parts {
		outs = append(outs, &ipynb.Output{Type: "stream", Name: p.name, Text: carriageReturns(p.text.String())})
	}
	return outs
}

// overwritten matches what a carriage return sends the cursor back over on
// its line, and the character after the return.
var overwritten = regexp.MustCompile(`.*\r([^\n])`)

// carriageReturns applies the carriage returns of a stream's text as
// Jupyter's frontends show them, and as nbconvert stores them (its
// coalesce_streams step): what follows a return overwrites the line; a
// return just before a newline stays.
func carriageReturns(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	return overwritten.ReplaceAllString(s, "$1")
}
