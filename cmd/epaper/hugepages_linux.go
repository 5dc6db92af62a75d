package main

import (
	"bufio"
	"bytes"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"sync"
	"syscall"
)

// madvHugepage is MADV_HUGEPAGE, the same on every Linux architecture Go runs on.
const madvHugepage = 14

// hugePageHeap is how much heap is mapped ahead and advised: a warm build of a 52-page
// edition peaks near 130 MB, a cold one near 200 MB (the soft memory limit; see tuneGC).
const hugePageHeap = 192 << 20

// adviseHugePages asks the kernel to back the heap with transparent huge pages, which most
// systems leave to each program to ask for (THP "madvise"). A build touches 100-200 MB of
// fresh memory, and on a virtual machine the first touch of each 4 KB page can cost 10 µs
// or more: half of a warm rebuild of the stress edition (0.61-0.66 s against 0.30-0.35 s
// advised; cold builds keep the same peak RSS). The runtime maps the heap as it grows, so the
// heap is first grown by a block that is never touched (and so never resident), every
// anonymous private mapping is advised, and the block is handed back for the build to
// reuse. Once per process, best effort (errors are ignored); EPAPER_HUGE_PAGES=off skips it.
// Long-running commands (watch, serve) do not call it: a heap that shrinks and grows again
// over hours is where huge pages cost memory.
var adviseHugePages = sync.OnceFunc(func() {
	if os.Getenv("EPAPER_HUGE_PAGES") == "off" {
		return
	}
	// Under a tight limit on address space the block might be refused where the build
	// would not be (the runtime cannot recover from that): no advice then.
	var as syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_AS, &as); err != nil || uint64(as.Cur) < 4<<30 {
		return
	}
	block := make([]byte, hugePageHeap)
	f, err := os.Open("/proc/self/maps")
	if err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if lo, hi, ok := anonymousMapping(sc.Bytes()); ok {
				syscall.Syscall(syscall.SYS_MADVISE, uintptr(lo), uintptr(hi-lo), madvHugepage)
			}
		}
		f.Close()
	}
	runtime.KeepAlive(block)
	block = nil
	debug.FreeOSMemory() // the block's pages were never touched: returning them is free
})

// anonymousMapping reads a line of /proc/self/maps ("start-end perms offset dev inode
// [name]") and reports the range of a private, writable mapping of no file.
func anonymousMapping(line []byte) (lo, hi uint64, ok bool) {
	fields := bytes.Fields(line)
	if len(fields) < 5 || string(fields[1]) != "rw-p" || string(fields[4]) != "0" {
		return 0, 0, false
	}
	if len(fields) > 5 && !bytes.HasPrefix(fields[5], []byte("[anon")) {
		return 0, 0, false // the stack, vvar and the like
	}
	a, b, found := bytes.Cut(fields[0], []byte("-"))
	lo, err1 := strconv.ParseUint(string(a), 16, 64)
	hi, err2 := strconv.ParseUint(string(b), 16, 64)
	return lo, hi, found && err1 == nil && err2 == nil && hi > lo
}
