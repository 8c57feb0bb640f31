package threading

// Lesson 9: I/O-bound work. While a request waits on the network, its
// goroutine (or Python thread) uses no CPU, so many can wait at once. A
// local server with a set latency stands in for the web.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// A SlowServer is an HTTP server on the loopback interface that answers
// every request after a set latency, and counts how many requests it was
// serving at the same moment.
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
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := s.inFlight.Add(1)
		defer s.inFlight.Add(-1)
		for {
			m := s.maxIn.Load()
			if n <= m || s.maxIn.CompareAndSwap(m, n) {
				break
			}
		}
		time.Sleep(s.latency)
		s.served.Add(1)
		fmt.Fprintf(w, "page %s\n", r.URL.Path)
	}))
	return s
}

// URLs returns n distinct page addresses on the server.
func (s *SlowServer) URLs(n int) []string {
	urls := make([]string, n)
	for i := range urls {
		urls[i] = s.srv.URL + "/page/" + strconv.Itoa(i)
	}
	return urls
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

// client is shared by the fetchers: it keeps connections for reuse, enough
// of them for the largest pool of this lesson.
var client = &http.Client{
	Transport: &http.Transport{MaxIdleConns: 200, MaxIdleConnsPerHost: 200},
	Timeout:   30 * time.Second,
}

// Fetch gets one page and returns its size.
func Fetch(url string) (int, error) {
	resp, err := client.Get(url)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return len(b), err
}

// A FetchResult is what fetching a list of pages gave.
type FetchResult struct {
	Pages, Bytes int
	Took         time.Duration
	Err          error // the first error, if any
}

func (r *FetchResult) add(n int, err error, mu *sync.Mutex) {
	mu.Lock()
	defer mu.Unlock()
	if err != nil {
		if r.Err == nil {
			r.Err = err
		}
		return
	}
	r.Pages++
	r.Bytes += n
}

// FetchSerial fetches the pages one after another.
func FetchSerial(urls []string) FetchResult {
	var r FetchResult
	var mu sync.Mutex
	r.Took = Timed(func() {
		for _, u := range urls {
			n, err := Fetch(u)
			r.add(n, err, &mu)
		}
	})
	return r
}

// FetchAll fetches every page in a goroutine of its own, all at once.
func FetchAll(urls []string) FetchResult {
	var r FetchResult
	var mu sync.Mutex
	r.Took = Timed(func() {
		var g Group
		for _, u := range urls {
			g.Go(func() {
				n, err := Fetch(u)
				r.add(n, err, &mu)
			})
		}
		g.Wait()
	})
	return r
}

// FetchPool fetches the pages with a fixed pool of workers goroutines that
// take addresses from a channel: never more than workers requests at once.
func FetchPool(urls []string, workers int) FetchResult {
	var r FetchResult
	var mu sync.Mutex
	r.Took = Timed(func() {
		jobs := make(chan string)
		var g Group
		for w := 0; w < workers; w++ {
			g.Go(func() {
				for u := range jobs {
					n, err := Fetch(u)
					r.add(n, err, &mu)
				}
			})
		}
		for _, u := range urls {
			jobs <- u
		}
		close(jobs)
		g.Wait()
	})
	return r
}

// FetchLimited starts a goroutine per page but lets at most limit of them
// fetch at once: a buffered channel used as a semaphore, one slot per
// request in flight.
func FetchLimited(urls []string, limit int) FetchResult {
	var r FetchResult
	var mu sync.Mutex
	r.Took = Timed(func() {
		slots := make(chan struct{}, limit)
		var g Group
		for _, u := range urls {
			g.Go(func() {
				slots <- struct{}{}        // take a slot; waits while all are taken
				defer func() { <-slots }() // give it back
				n, err := Fetch(u)
				r.add(n, err, &mu)
			})
		}
		g.Wait()
	})
	return r
}

// pythonFetch fetches the same pages from Python, serially and over a pool
// of threads.
const pythonFetch = `
import json, sys, time, urllib.request
from concurrent.futures import ThreadPoolExecutor

def fetch(url):
    with urllib.request.urlopen(url) as r:
        return len(r.read())

base, n, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
urls = [f"{base}/page/{i}" for i in range(n)]
t0 = time.perf_counter(); serial = sum(map(fetch, urls)); t_serial = time.perf_counter() - t0
t0 = time.perf_counter()
with ThreadPoolExecutor(threads) as ex:
    pooled = sum(ex.map(fetch, urls))
t_threads = time.perf_counter() - t0
print(json.dumps({"bytes": [serial, pooled], "seconds": [t_serial, t_threads]}))
`

// PythonFetch fetches n pages of the server from Python with urllib, one
// after another and then over a pool of threads, and returns both results.
func (s *SlowServer) PythonFetch(n, threads int) (serial, pooled FetchResult, err error) {
	cmd := exec.Command("python3", "-c", pythonFetch, s.srv.URL, strconv.Itoa(n), strconv.Itoa(threads))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return serial, pooled, fmt.Errorf("python3: %v %s", err, bytes.TrimSpace(stderr.Bytes()))
	}
	var r struct {
		Bytes   []int
		Seconds []float64
	}
	if err := json.Unmarshal(out, &r); err != nil || len(r.Bytes) != 2 || len(r.Seconds) != 2 {
		return serial, pooled, fmt.Errorf("python3 printed %q", out)
	}
	serial = FetchResult{Pages: n, Bytes: r.Bytes[0], Took: time.Duration(r.Seconds[0] * float64(time.Second))}
	pooled = FetchResult{Pages: n, Bytes: r.Bytes[1], Took: time.Duration(r.Seconds[1] * float64(time.Second))}
	return serial, pooled, nil
}
