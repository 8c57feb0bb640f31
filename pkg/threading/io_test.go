package threading

import (
	"os/exec"
	"testing"
)

func TestFetchersGetEveryPageWithinTheirLimits(t *testing.T) {
	srv := NewSlowServer(0)
	defer srv.Close()
	urls := srv.URLs(60)
	want := FetchSerial(urls)
	if want.Err != nil || want.Pages != 60 || srv.MaxInFlight() != 1 {
		t.Fatalf("serial: %+v, max in flight %d", want, srv.MaxInFlight())
	}
	for _, tc := range []struct {
		name  string
		fetch func() FetchResult
		limit int
	}{
		{"all", func() FetchResult { return FetchAll(urls) }, 60},
		{"pool of 4", func() FetchResult { return FetchPool(urls, 4) }, 4},
		{"limited to 3", func() FetchResult { return FetchLimited(urls, 3) }, 3},
	} {
		srv.Reset()
		got := tc.fetch()
		if got.Err != nil || got.Pages != want.Pages || got.Bytes != want.Bytes {
			t.Errorf("%s: %+v, want %d pages, %d bytes", tc.name, got, want.Pages, want.Bytes)
		}
		if srv.Served() != 60 || srv.MaxInFlight() > tc.limit {
			t.Errorf("%s: served %d, at most %d in flight (limit %d)", tc.name, srv.Served(), srv.MaxInFlight(), tc.limit)
		}
	}
}

func TestFetchReportsErrors(t *testing.T) {
	srv := NewSlowServer(0)
	urls := srv.URLs(2)
	srv.Close()
	if r := FetchAll(urls); r.Err == nil || r.Pages != 0 {
		t.Errorf("fetching from a closed server: %+v", r)
	}
}

func TestPythonFetch(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("no python3")
	}
	srv := NewSlowServer(0)
	defer srv.Close()
	serial, pooled, err := srv.PythonFetch(lessonString(t, "09-io-bound.ipynb", "pyFetch"), 10, 3)
	want := FetchSerial(srv.URLs(10))
	if err != nil || serial.Bytes != want.Bytes || pooled.Bytes != want.Bytes {
		t.Errorf("python: %+v %+v %v; want %d bytes", serial, pooled, err, want.Bytes)
	}
}
