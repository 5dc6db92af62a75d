//go:build !linux && !darwin

package photo

import "io/fs"

// fileIdentity is the size and modification time where the system offers nothing more.
func fileIdentity(st fs.FileInfo) sourceID {
	return sourceID{Size: st.Size(), MTime: st.ModTime().UnixNano()}
}
