package compare

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"

	"github.com/goconcurrency/notebooks/tools/internal/ipynb"
)

func TestAnyOrder(t *testing.T) {
	opt := Default()
	opt.AnyOrder = true
	for _, tc := range []struct {
		name, stored, got string
		want              string // the report; "" for a match
	}{
		{"same", "a\nb\n", "a\nb\n", ""},
		{"shuffled", "s0 sleeps\ns1 sleeps\ns2 sleeps\ns0 woke\n", "s1 sleeps\ns2 sleeps\ns0 sleeps\ns0 woke\n", ""},
		{"shuffled with timings", "w1 took 100ms\nw2 took 200ms\n", "w2 took 190ms\nw1 took 110ms\n", ""},
		// A greedy pairing would pair 100ms with 190ms and leave 300ms
		// without a partner; the best pairing matches all.
		{"pairing needs care", "t 100ms\nt 190ms\n", "t 190ms\nt 300ms\n", ""},
		{"a line lost", "a\nb\nc\n", "c\na\n", "(lines compared in any order)\n-b"},
		{"a line changed", "x: 1\ny: 2\n", "y: 2\nx: 3\n", "(lines compared in any order)\n-x: 1\n+x: 3"},
		{"a timing out of tolerance", "w took 100ms\nw took 100ms\n", "w took 100ms\nw took 1s\n", "(lines compared in any order)\n-w took 100ms\n+w took 1s"},
		{"duplicates count", "a\na\n", "a\n", "(lines compared in any order)\n-a"},
		{"final newline", "a\nb\n", "b\na", "(differs only in the newline at the end)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := opt.Cell([]*ipynb.Output{stream("stdout", tc.stored)}, []*ipynb.Output{stream("stdout", tc.got)})
			var got string
			if len(d) > 0 {
				got = strings.Join(d[0].Lines, "\n")
			}
			if got != tc.want {
				t.Errorf("report:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
	// Without the marker, order matters.
	if d := Default().Cell([]*ipynb.Output{stream("stdout", "a\nb\n")}, []*ipynb.Output{stream("stdout", "b\na\n")}); len(d) == 0 {
		t.Error("lines in another order passed without AnyOrder")
	}
}

// The augmenting-path pairing finds a full pairing whenever one exists;
// the greedy fallback for huge groups at least never pairs non-matching lines.
func TestMaxMatching(t *testing.T) {
	// left x matches right y when y is x or x+1: greedy in a bad order fails.
	edge := func(x, y int) bool { return y == x || y == x+1 }
	m := maxMatching(5, 5, func(x, y int) bool { return edge(4-x, 4-y) || (x == 0 && y == 4) })
	for x, y := range m {
		if y < 0 {
			t.Errorf("left %d unmatched in %v", x, m)
		}
	}
	big := maxMatching(600, 600, func(x, y int) bool { return x == y })
	for x, y := range big {
		if y != x {
			t.Fatalf("greedy: left %d paired with %d", x, y)
		}
	}
}

func encodeImage(t *testing.T, format string, w, h int) string {
	t.Helper()
	return encode(t, format, opaque(w, h, byte(w)))
}

// opaque returns a w x h image whose first pixel has the red value red.
func opaque(w, h int, red byte) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := 3; i < len(img.Pix); i += 4 {
		img.Pix[i] = 255
	}
	img.Pix[0] = red
	return img
}

func encode(t *testing.T, format string, img image.Image) string {
	t.Helper()
	var buf bytes.Buffer
	var err error
	if format == "png" {
		err = png.Encode(&buf, img)
	} else {
		err = jpeg.Encode(&buf, img, nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(buf.Bytes())
}

func TestImageSize(t *testing.T) {
	pic := func(mime, b64 string) []*ipynb.Output {
		return []*ipynb.Output{{Type: "execute_result", Data: map[string]any{mime: b64, "text/plain": "chart"}}}
	}
	big, big2 := encodeImage(t, "png", 640, 400), encodeImage(t, "png", 640, 400)
	other640 := encode(t, "png", opaque(640, 400, 9))
	small := encodeImage(t, "png", 320, 200)
	jbig, jsmall := encodeImage(t, "jpeg", 64, 40), encodeImage(t, "jpeg", 32, 20)
	sized := Default()
	sized.ImageSize = true
	for _, tc := range []struct {
		name        string
		opt         Options
		stored, got []*ipynb.Output
		want        string
	}{
		{"same bytes", Default(), pic("image/png", big), pic("image/png", big2), ""},
		{"other pixels fail by bytes", Default(), pic("image/png", big), pic("image/png", other640), "image differs: stored"},
		{"other pixels, same size", sized, pic("image/png", big), pic("image/png", other640), ""},
		{"other size", sized, pic("image/png", big), pic("image/png", small), "image size differs: stored 640x400, got 320x200"},
		{"jpeg other size", sized, pic("image/jpeg", jbig), pic("image/jpeg", jsmall), "image size differs: stored 64x40, got 32x20"},
		{"not an image", sized, pic("image/png", big), pic("image/png", base64.StdEncoding.EncodeToString([]byte("nope"))), "image size differs: stored 640x400, got an image that cannot be decoded"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var r []string
			for _, d := range tc.opt.Cell(tc.stored, tc.got) {
				r = append(r, d.String())
			}
			report := strings.Join(r, "\n")
			if tc.want == "" && report != "" || !strings.Contains(report, tc.want) {
				t.Errorf("report:\n%s\nwant it to contain %q", report, tc.want)
			}
		})
	}
}

func TestErrorNameOnly(t *testing.T) {
	stored := []*ipynb.Output{{Type: "error", Ename: "ERROR", Evalue: "runtime error: index out of range [5] with length 3"}}
	got := []*ipynb.Output{{Type: "error", Ename: "ERROR", Evalue: "reflect: slice index out of range"}}
	if d := Default().Cell(stored, got); len(d) == 0 {
		t.Error("different error messages passed by default")
	}
	opt := Default()
	opt.ErrorNameOnly = true
	if d := opt.Cell(stored, got); len(d) != 0 {
		t.Errorf("ErrorNameOnly: %v", d)
	}
	got[0].Ename = "panic"
	if d := opt.Cell(stored, got); len(d) == 0 {
		t.Error("another error name passed")
	}
}
