package threading

// Lesson 9: I/O-bound work. While a request waits on the network, its
// goroutine (or Python thread) uses no CPU, so many can wait at once. A
// local server with a set latency stands in for the web.

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// A SlowServer is an HTTP server on the loopback interface that answers
// every request after a set latency, and counts how many requests it was
// serving at the same moment. Its pages are /page/N, for any number N, and
// the pages of small sites to crawl, /site/S/N (see SiteURL).
type SlowServer struct {
	srv      *httptest.Server
	latency  time.Duration
	inFlight atomic.Int64
	maxIn    atomic.Int64
	served   atomic.Int64
}

// NewSlowServer starts a server that answers after latency. Close it when
// done.
func NewSlowServer(latency time.Duration) *SlowServer {
	s := &SlowServer{latency: latency}
	mux := http.NewServeMux()
	mux.HandleFunc("/page/{n}", func(w http.ResponseWriter, r *http.Request) {
		s.serve(w, r, func() { fmt.Fprintf(w, "page %s\n", r.PathValue("n")) })
	})
	mux.HandleFunc("/site/{size}/{n}", s.sitePage)
	s.srv = httptest.NewServer(mux)
	return s
}

// serve counts the request in flight, waits for the latency, then writes
// the page.
func (s *SlowServer) serve(w http.ResponseWriter, r *http.Request, write func()) {
	n := s.inFlight.Add(1)
	defer s.inFlight.Add(-1)
	for {
		m := s.maxIn.Load()
		if n <= m || s.maxIn.CompareAndSwap(m, n) {
			break
		}
	}
	select {
	case <-time.After(s.latency):
	case <-r.Context().Done():
		return
	}
	s.served.Add(1)
	write()
}

// sitePage serves page n of a site of size pages: it links to pages 2n+1
// and 2n+2 when the site has them, and back to page 0, so that a crawler
// meets every page, some of them many times.
func (s *SlowServer) sitePage(w http.ResponseWriter, r *http.Request) {
	size, err1 := strconv.Atoi(r.PathValue("size"))
	n, err2 := strconv.Atoi(r.PathValue("n"))
	if err1 != nil || err2 != nil || n < 0 || n >= size {
		http.NotFound(w, r)
		return
	}
	s.serve(w, r, func() {
		fmt.Fprintf(w, "page %d of %d\n", n, size)
		for _, link := range []int{2*n + 1, 2*n + 2, 0} {
			if link < size {
				fmt.Fprintf(w, "link: %s/site/%d/%d\n", s.srv.URL, size, link)
			}
		}
	})
}

// URLs returns n distinct page addresses on the server.
func (s *SlowServer) URLs(n int) []string {
	urls := make([]string, n)
	for i := range urls {
		urls[i] = s.srv.URL + "/page/" + strconv.Itoa(i)
	}
	return urls
}

// SiteURL returns the address of the first page of a site of size pages,
// where every page links to others: a web to crawl.
func (s *SlowServer) SiteURL(size int) string {
	return fmt.Sprintf("%s/site/%d/0", s.srv.URL, size)
}

// MaxInFlight returns the most requests the server was serving at the same
// moment since the last Reset.
func (s *SlowServer) MaxInFlight() int { return int(s.maxIn.Load()) }

// Served returns how many requests the server answered since the last Reset.
func (s *SlowServer) Served() int { return int(s.served.Load()) }

// Reset clears the counts.
func (s *SlowServer) Reset() {
	s.maxIn.Store(0)
	s.served.Store(0)
}

// Close stops the server.
func (s *SlowServer) Close() { s.srv.Close() }

// client is shared by the fetchers. Unlike http.DefaultClient, which keeps
// at most 2 idle connections per host (http.DefaultMaxIdleConnsPerHost), it
// keeps enough for the largest pool of the lesson, so that a pool of 50
// goroutines reuses its connections instead of opening new ones all the
// time.
var client = &http.Client{
	Transport: &http.Transport{MaxIdleConns: 200, MaxIdleConnsPerHost: 200},
	Timeout:   30 * time.Second,
}

// Fetch gets one page and returns its size.
func Fetch(url string) (int, error) { return FetchContext(context.Background(), url) }

// FetchContext is Fetch that gives up when ctx is done.
func FetchContext(ctx context.Context, url string) (int, error) {
	body, err := get(ctx, url)
	return len(body), err
}

// FetchLinks gets one page and returns the addresses it links to.
func FetchLinks(url string) ([]string, error) {
	body, err := get(context.Background(), url)
	if err != nil {
		return nil, err
	}
	var links []string
	for _, line := range strings.Split(string(body), "\n") {
		if link, ok := strings.CutPrefix(line, "link: "); ok {
			links = append(links, link)
		}
	}
	return links, nil
}

func get(ctx context.Context, url string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("%s: %s", url, resp.Status)
	}
	return body, err
}

// A FetchResult is what fetching a list of pages gave.
type FetchResult struct {
	Pages, Bytes int
	Wall         time.Duration
	Err          error // the first error, if any
}

// PythonFetch runs the Python program src, the lesson's, with python3 and
// the arguments: the server's address, n and threads. The program fetches
// n pages, one after another and then over a pool of threads, and prints on
// its last line a JSON object: "bytes", how many bytes each way got, and
// "seconds", how long each way took. PythonFetch returns both results. When
// ctx is done, python3 is stopped.
func (s *SlowServer) PythonFetch(ctx context.Context, src string, n, threads int) (serial, pooled FetchResult, err error) {
	out, err := runPythonJSON(ctx, src, s.srv.URL, strconv.Itoa(n), strconv.Itoa(threads))
	if err != nil {
		return serial, pooled, err
	}
	var r struct {
		Bytes   []int
		Seconds []float64
	}
	if err := json.Unmarshal(lastLine(out), &r); err != nil || len(r.Bytes) != 2 || len(r.Seconds) != 2 {
		return serial, pooled, fmt.Errorf("python3 printed %q", out)
	}
	serial = FetchResult{Pages: n, Bytes: r.Bytes[0], Wall: seconds(r.Seconds[0])}
	pooled = FetchResult{Pages: n, Bytes: r.Bytes[1], Wall: seconds(r.Seconds[1])}
	return serial, pooled, nil
}
