//go:build unix

package photo

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time used by this process so far (all threads). Benchmarks report it
// next to wall time because shared machines make wall time noisy.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
