package compose

import (
	"fmt"
	"runtime"
	"sync"
)

// parallel calls fn(i) for every i in [0, n), on as many goroutines as there are
// processors (at most limit when limit > 0), and returns when all calls have returned. A
// panic in a call is raised again in the caller's goroutine, where the build's recover turns
// it into an error; left in a worker it would kill the process.
func parallel(n, limit int, fn func(i int)) {
	workers := min(n, runtime.GOMAXPROCS(0))
	if limit > 0 {
		workers = min(workers, limit)
	}
	if workers <= 1 {
		for i := range n {
			fn(i)
		}
		return
	}
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		crashed any
		next    = make(chan int)
	)
	for range workers {
		wg.Go(func() {
			defer func() {
				if r := recover(); r != nil {
					mu.Lock()
					if crashed == nil {
						crashed = r
					}
					mu.Unlock()
					for range next { // let the feeder finish
					}
				}
			}()
			for i := range next {
				fn(i)
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	if crashed != nil {
		if err, ok := crashed.(error); ok {
			panic(fmt.Errorf("in a parallel layout task: %w", err))
		}
		panic(fmt.Sprintf("in a parallel layout task: %v", crashed))
	}
}
