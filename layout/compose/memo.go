package compose

import "sync"

// memo caches the results of a pure function for the pilot searches that run in parallel
// and ask the same questions many times. Two goroutines missing at once both compute: the
// result is the same, and the work is never held under the lock.
type memo[K comparable, V any] struct {
	mu sync.Mutex
	m  map[K]V
}

func (m *memo[K, V]) get(k K, compute func() V) V {
	m.mu.Lock()
	v, ok := m.m[k]
	m.mu.Unlock()
	if ok {
		return v
	}
	v = compute()
	m.mu.Lock()
	if m.m == nil {
		m.m = map[K]V{}
	}
	m.m[k] = v
	m.mu.Unlock()
	return v
}
