package photo

import (
	"runtime"
	"sync"
)

// ProcessAll processes specs concurrently, at most Workers at a time, and returns results
// and errors in input order (errs[i] is nil when imgs[i] is valid). Identical specs are
// processed once and share their Data.
func (p *Processor) ProcessAll(specs []Spec) ([]Image, []error) {
	imgs := make([]Image, len(specs))
	errs := make([]error, len(specs))
	first := make(map[Spec]int, len(specs))
	rep := make([]int, len(specs)) // the index whose result specs[i] shares
	var todo []int
	for i, s := range specs {
		j, dup := first[s] // never true for a spec holding NaN: it is simply processed
		if !dup {
			first[s], j = i, i
			todo = append(todo, i)
		}
		rep[i] = j
	}
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range min(p.workers(), len(todo)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				imgs[i], errs[i] = p.Process(specs[i])
			}
		}()
	}
	for _, i := range todo {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	for i, j := range rep {
		if j != i {
			imgs[i], errs[i] = imgs[j], errs[j]
		}
	}
	return imgs, errs
}

func (p *Processor) workers() int {
	if p.Workers > 0 {
		return p.Workers
	}
	return min(runtime.NumCPU(), 8)
}
