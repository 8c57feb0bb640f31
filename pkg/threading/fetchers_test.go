package threading

// The fetchers of lesson 9, compiled.

import (
	"context"
	"sync"
	"time"
)

// fetchSerial fetches the pages one after another: the compiled twin of
// the lesson's cell, as the fetchers below, written here to be run under
// the race detector (the notebook interpreters have none), and to give up
// when their context is done.
func fetchSerial(ctx context.Context, urls []string) FetchResult {
	var r FetchResult
	start := time.Now()
	for _, u := range urls {
		n, err := FetchContext(ctx, u)
		if err != nil {
			if r.Err == nil {
				r.Err = err
			}
			continue
		}
		r.Pages++
		r.Bytes += n
	}
	r.Wall = time.Since(start)
	return r
}

// fetchAll fetches every page in a goroutine of its own, all at once; the
// goroutines add up what they got under a mutex.
func fetchAll(ctx context.Context, urls []string) FetchResult {
	var r FetchResult
	var mu sync.Mutex
	start := time.Now()
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func(u string) {
			defer wg.Done()
			n, err := FetchContext(ctx, u)
			mu.Lock()
			defer mu.Unlock()
			r.add(n, err)
		}(u)
	}
	wg.Wait()
	r.Wall = time.Since(start)
	return r
}

// add counts one fetched page, or keeps the first error.
func (r *FetchResult) add(n int, err error) {
	if err != nil {
		if r.Err == nil {
			r.Err = err
		}
		return
	}
	r.Pages++
	r.Bytes += n
}

// fetchPool fetches the pages with a fixed pool of workers goroutines that
// take addresses from a channel: never more than workers requests at once.
func fetchPool(ctx context.Context, urls []string, workers int) FetchResult {
	var r FetchResult
	var mu sync.Mutex
	start := time.Now()
	jobs := make(chan string)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for u := range jobs {
				n, err := FetchContext(ctx, u)
				mu.Lock()
				r.add(n, err)
				mu.Unlock()
			}
		}()
	}
feed:
	for _, u := range urls {
		select {
		case jobs <- u:
		case <-ctx.Done():
			mu.Lock()
			r.add(0, ctx.Err())
			mu.Unlock()
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	r.Wall = time.Since(start)
	return r
}

// fetchLimited starts a goroutine per page but lets at most limit of them
// fetch at once: a buffered channel used as a semaphore, one slot per
// request in flight.
func fetchLimited(ctx context.Context, urls []string, limit int) FetchResult {
	var r FetchResult
	var mu sync.Mutex
	start := time.Now()
	slots := make(chan struct{}, limit)
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func(u string) {
			defer wg.Done()
			select {
			case slots <- struct{}{}: // take a slot; waits while all are taken
			case <-ctx.Done():
				mu.Lock()
				r.add(0, ctx.Err())
				mu.Unlock()
				return
			}
			defer func() { <-slots }() // give it back
			n, err := FetchContext(ctx, u)
			mu.Lock()
			r.add(n, err)
			mu.Unlock()
		}(u)
	}
	wg.Wait()
	r.Wall = time.Since(start)
	return r
}
