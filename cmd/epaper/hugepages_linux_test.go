package main

import (
	"bufio"
	"bytes"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"unsafe"
)

// After adviseHugePages, memory the build allocates lies in mappings the kernel may back
// with huge pages (smaps' THPeligible), where the system leaves that to each program.
func TestHeapIsAdvisedForHugePages(t *testing.T) {
	mode, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	if err != nil || bytes.Contains(mode, []byte("[never]")) {
		t.Skip("transparent huge pages are off here")
	}
	if os.Getenv("EPAPER_HUGE_PAGES") == "off" {
		t.Skip("EPAPER_HUGE_PAGES=off")
	}
	var as syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_AS, &as); err != nil || uint64(as.Cur) < 4<<30 {
		t.Skip("address space is limited: no advice is asked for")
	}
	adviseHugePages()
	b := make([]byte, 8<<20)
	addr := uint64(uintptr(unsafe.Pointer(&b[0])))
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	inside := false
	for sc.Scan() {
		line := sc.Text()
		if r, _, ok := strings.Cut(line, " "); ok && strings.Contains(r, "-") && !strings.HasSuffix(r, ":") {
			lo, hi, _ := strings.Cut(r, "-")
			a, err1 := strconv.ParseUint(lo, 16, 64)
			z, err2 := strconv.ParseUint(hi, 16, 64)
			inside = err1 == nil && err2 == nil && a <= addr && addr < z
			continue
		}
		if inside && strings.HasPrefix(line, "THPeligible:") {
			if strings.TrimSpace(strings.TrimPrefix(line, "THPeligible:")) != "1" {
				t.Fatalf("the heap at %#x is not eligible for huge pages (%s; system mode %s)", addr, line, bytes.TrimSpace(mode))
			}
			return
		}
	}
	t.Skip("smaps has no THPeligible field for the heap here")
}

func TestAnonymousMappingReadsOnlyPrivateWritableMemoryOfNoFile(t *testing.T) {
	for _, c := range []struct {
		line   string
		lo, hi uint64
		ok     bool
	}{
		{"3b56fec00000-3b56ff000000 rw-p 00000000 00:00 0 ", 0x3b56fec00000, 0x3b56ff000000, true},
		{"7f00-8f00 rw-p 00000000 00:00 0    [anon:Go: heap]", 0x7f00, 0x8f00, true},
		{"7fff7de5e000-7fff7de7f000 rw-p 00000000 00:00 0                          [stack]", 0, 0, false},
		{"005a0000-005d6000 rw-p 0019f000 fd:01 1234 /usr/local/bin/epaper", 0, 0, false},
		{"3b56fc000000-3b56fec00000 ---p 00000000 00:00 0", 0, 0, false},
		{"7f00-8f00 rw-s 00000000 00:05 77 /dev/zero (deleted)", 0, 0, false},
		{"garbage", 0, 0, false},
	} {
		lo, hi, ok := anonymousMapping([]byte(c.line))
		if ok != c.ok || ok && (lo != c.lo || hi != c.hi) {
			t.Errorf("%q: got %#x-%#x %v, want %#x-%#x %v", c.line, lo, hi, ok, c.lo, c.hi, c.ok)
		}
	}
}
