package threading

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestFetchersGetEveryPageWithinTheirLimits(t *testing.T) {
	ctx := context.Background()
	srv := NewSlowServer(0)
	defer srv.Close()
	urls := srv.URLs(60)
	want := fetchSerial(ctx, urls)
	if want.Err != nil || want.Pages != 60 || srv.MaxInFlight() != 1 {
		t.Fatalf("serial: %+v, max in flight %d", want, srv.MaxInFlight())
	}
	for _, tc := range []struct {
		name  string
		fetch func() FetchResult
		limit int
	}{
		{"all", func() FetchResult { return fetchAll(ctx, urls) }, 60},
		{"pool of 4", func() FetchResult { return fetchPool(ctx, urls, 4) }, 4},
		{"limited to 3", func() FetchResult { return fetchLimited(ctx, urls, 3) }, 3},
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
	if r := fetchAll(context.Background(), urls); r.Err == nil || r.Pages != 0 {
		t.Errorf("fetching from a closed server: %+v", r)
	}
}

func TestPythonFetch(t *testing.T) {
	needTool(t, "python3")
	srv := NewSlowServer(0)
	defer srv.Close()
	serial, pooled, err := srv.PythonFetch(context.Background(), lessonString(t, "09-io-bound.ipynb", "pyFetch"), 10, 3)
	want := fetchSerial(context.Background(), srv.URLs(10))
	if err != nil || serial.Bytes != want.Bytes || pooled.Bytes != want.Bytes {
		t.Errorf("python: %+v %+v %v; want %d bytes", serial, pooled, err, want.Bytes)
	}
}

// The fetchers give up when their context is done: each page not fetched
// is an error, the context's, and none waits for a slow server.
func TestFetchersStopWithTheirContext(t *testing.T) {
	srv := NewSlowServer(time.Hour)
	defer srv.Close()
	urls := srv.URLs(6)
	for _, tc := range []struct {
		name  string
		fetch func(context.Context) FetchResult
	}{
		{"serial", func(ctx context.Context) FetchResult { return fetchSerial(ctx, urls) }},
		{"all", func(ctx context.Context) FetchResult { return fetchAll(ctx, urls) }},
		{"pool of 2", func(ctx context.Context) FetchResult { return fetchPool(ctx, urls, 2) }},
		{"limited to 2", func(ctx context.Context) FetchResult { return fetchLimited(ctx, urls, 2) }},
	} {
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(50*time.Millisecond, cancel)
		r := tc.fetch(ctx)
		if !errors.Is(r.Err, context.Canceled) || r.Pages != 0 {
			t.Errorf("%s: %+v, want no page and the cancellation", tc.name, r)
		}
		cancel()
	}
}
