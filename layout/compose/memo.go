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
	m.store(k, v)
	return v
}

func (m *memo[K, V]) store(k K, v V) {
	m.mu.Lock()
	if m.m == nil {
		m.m = map[K]V{}
	}
	m.m[k] = v
	m.mu.Unlock()
}

// deleteIf removes the entries whose keys match.
func (m *memo[K, V]) deleteIf(match func(K) bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for k := range m.m {
		if match(k) {
			delete(m.m, k)
		}
	}
}

// stringMemo is a memo keyed by strings that are looked up as bytes, so that a key built
// for a lookup that hits is never allocated.
type stringMemo[V any] struct{ memo[string, V] }

func (m *stringMemo[V]) lookup(key []byte) (V, bool) {
	m.mu.Lock()
	v, ok := m.m[string(key)] // no allocation: the compiler knows the string does not escape
	m.mu.Unlock()
	return v, ok
}
