package engine

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"sync"

	"github.com/goconcurrency/notebooks/tools/internal/ipynb"
)

// A capture holds os.Stdout and os.Stderr as pipes from the first cell on,
// as the gophernotes kernel holds them for its whole session, and gives
// what is written to them to the cell running at the time, as stream
// outputs in the order it arrives.
//
// So what a goroutine prints after its cell ended lands in the cell that
// runs when it prints: where nbconvert (and so the stored notebook) shows
// it, since the kernel sends it with that cell's request. Between cells no
// cell runs: the kernel sends such output with the last cell's request,
// which nbconvert has stopped listening to, so it is in no stored output;
// here it goes to the process's own stdout and stderr.
//
// A cell's end is marked in each stream by a write of a mark that no
// program prints; everything before the mark was written before the cell
// ended. There is one capture per process (os.Stdout is the process's).
type capture struct {
	streams [2]*stream
	wg      sync.WaitGroup

	mu   sync.Mutex
	cell *cellOutput // the running cell's, nil between cells
	seq  int         // cells begun
}

// A stream is one of the two, as the capture sees it.
type stream struct {
	name     string
	w        *os.File // the pipe's end that os.Stdout or os.Stderr is
	outside  *os.File // where output between cells goes
	ended    chan int // the cell whose end mark was read
	cellOpen bool     // the running cell has not seen its mark yet (under capture.mu)
}

// cellOutput is what one cell printed.
type cellOutput struct {
	parts   []part
	tee     func(string, []byte)
	size    int64 // bytes kept
	dropped int64 // bytes beyond MaxCellOutput
}

// A part is a run of output on one stream.
type part struct {
	name string
	text *strings.Builder
}

var (
	sessionCapture *capture
	captureErr     error
	captureOnce    sync.Once
)

// theCapture returns the process's capture, starting it the first time.
func theCapture() (*capture, error) {
	captureOnce.Do(func() { sessionCapture, captureErr = startCapture() })
	return sessionCapture, captureErr
}

func startCapture() (*capture, error) { return newCapture(&os.Stdout, &os.Stderr) }

// newCapture replaces *stdout and *stderr with pipes it reads.
func newCapture(stdout, stderr **os.File) (*capture, error) {
	c := &capture{}
	for i, std := range []**os.File{stdout, stderr} {
		r, w, err := os.Pipe()
		if err != nil {
			return nil, fmt.Errorf("capturing output: %w", err)
		}
		s := &stream{name: [2]string{"stdout", "stderr"}[i], w: w, outside: *std, ended: make(chan int, 1)}
		c.streams[i] = s
		*std = w
		c.wg.Add(1)
		go c.copy(s, r)
	}
	return c, nil
}

// endMark is written to both streams when a cell ends: NUL bytes around a
// name and the cell's number, which no notebook prints.
func endMark(seq int) []byte { return fmt.Appendf(nil, "\x00nbcheck-cell-end-%d\x00", seq) }

// begin starts collecting the output of a cell, passing each piece to tee
// too, when it is not nil.
func (c *capture) begin(tee func(string, []byte)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.seq++
	c.cell = &cellOutput{tee: tee}
	for _, s := range c.streams {
		s.cellOpen = true
	}
}

// end waits until everything written before it has been read, and returns
// the cell's output.
func (c *capture) end() *cellOutput {
	c.mu.Lock()
	seq := c.seq
	c.mu.Unlock()
	for _, s := range c.streams {
		s.w.Write(endMark(seq))
	}
	for _, s := range c.streams {
		for <-s.ended != seq {
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	out := c.cell
	c.cell = nil
	return out
}

// copy reads one stream, handing its output to the running cell until
// the cell's end mark, and to the stream's outside between cells.
func (c *capture) copy(s *stream, r io.ReadCloser) {
	defer c.wg.Done()
	defer r.Close()
	buf := make([]byte, 32<<10)
	var held []byte // the start of what may be an end mark
	for {
		n, err := r.Read(buf)
		data := append(held, buf[:n]...)
		held = nil
		for len(data) > 0 {
			i := bytes.Index(data, []byte("\x00nbcheck-cell-end-"))
			if i < 0 {
				// Keep back a tail that may be the start of a mark.
				keep := markPrefix(data)
				c.deliver(s, data[:len(data)-keep])
				held = append(held, data[len(data)-keep:]...)
				break
			}
			j := bytes.IndexByte(data[i+1:], 0)
			if j < 0 {
				c.deliver(s, data[:i])
				held = append(held, data[i:]...)
				break
			}
			c.deliver(s, data[:i])
			var seq int
			fmt.Sscanf(string(data[i+1:i+1+j]), "nbcheck-cell-end-%d", &seq)
			c.mu.Lock()
			s.cellOpen = false
			c.mu.Unlock()
			s.ended <- seq
			data = data[i+j+2:]
		}
		if err != nil {
			return
		}
	}
}

// markPrefix returns how many bytes at the end of data could begin an end
// mark.
func markPrefix(data []byte) int {
	mark := []byte("\x00nbcheck-cell-end-")
	for k := min(len(mark)-1, len(data)); k > 0; k-- {
		if bytes.HasSuffix(data, mark[:k]) {
			return k
		}
	}
	return 0
}

// deliver gives p to the running cell, or to the stream's outside when no
// cell runs or the running one has ended on this stream. The cell's tee
// is called after the lock is released: it may take its time, or print.
// (Pieces of one stream still reach it in order: one goroutine reads each
// stream, and hands the cell's end mark on only after this returns.)
func (c *capture) deliver(s *stream, p []byte) {
	if len(p) == 0 {
		return
	}
	c.mu.Lock()
	if c.cell == nil || !s.cellOpen {
		c.mu.Unlock()
		s.outside.Write(p)
		return
	}
	kept := c.cell.add(s.name, p)
	tee := c.cell.tee
	c.mu.Unlock()
	if tee != nil && len(kept) > 0 {
		tee(s.name, kept)
	}
}

// add keeps p, within MaxCellOutput, and returns what it kept; over the
// limit it counts what it drops (reading goes on, so that the cell is not
// blocked).
func (o *cellOutput) add(stream string, p []byte) []byte {
	if room := MaxCellOutput - o.size; int64(len(p)) > room {
		o.dropped += int64(len(p)) - max(room, 0)
		p = p[:max(room, 0)]
	}
	o.size += int64(len(p))
	if len(p) > 0 {
		o.parts = appendPart(o.parts, stream, string(p))
	}
	return p
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
