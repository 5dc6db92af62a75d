package photo

import (
	"io/fs"
	"syscall"
)

// fileIdentity adds the inode, device and status-change time to what fs.FileInfo says. The
// change time cannot be set by programs, so a file rewritten with the same size whose
// modification time was put back (cp -p, rsync -t, touch -d) still looks changed.
func fileIdentity(st fs.FileInfo) sourceID {
	id := sourceID{Size: st.Size(), MTime: st.ModTime().UnixNano()}
	if s, ok := st.Sys().(*syscall.Stat_t); ok {
		id.Inode, id.Device = uint64(s.Ino), uint64(s.Dev)
		sec, nsec := s.Ctimespec.Unix()
		id.CTime = sec*1e9 + nsec
	}
	return id
}
