package photo

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"time"
)

// pipelineVersion changes whenever the same input could produce different output bytes;
// it is part of every cache key, with the Go version and the image libraries' versions.
const pipelineVersion = "photo/3" // 3: RGB-coded JPEGs no longer decoded as YCbCr at reduced scale

// Cache stores processed photos on disk, content-addressed: the key is a hash of the
// source bytes, every processing decision and the pipeline version, so an entry is never
// stale, only unused. Entries are written to a temporary file and renamed into place, so
// concurrent processes sharing a directory never see a partial entry; an entry that is
// damaged anyway fails its checksum and is rebuilt.
type Cache struct{ Dir string }

const (
	cacheMagic  = "epaper-photo-cache\n"
	cacheSuffix = ".img"
	indexMagic  = "epaper-photo-source\n"
	indexSuffix = ".src"
	tmpPrefix   = ".tmp-"
	noteMagic   = "epaper-note\n"
	noteSuffix  = ".note"
)

// OpenCache creates dir if needed and checks that it is writable.
func OpenCache(dir string) (*Cache, error) {
	if dir == "" {
		return nil, errors.New("photo cache: no directory given")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("photo cache: %w", err)
	}
	f, err := os.CreateTemp(dir, tmpPrefix+"probe-*")
	if err != nil {
		return nil, fmt.Errorf("photo cache %s is not writable: %w", dir, err)
	}
	f.Close()
	os.Remove(f.Name())
	return &Cache{Dir: dir}, nil
}

// entryMeta is the header of a cache entry.
type entryMeta struct {
	Format      string  `json:"format"`
	Width       int     `json:"width"`
	Height      int     `json:"height"`
	PPI         float64 `json:"ppi"`
	PassThrough bool    `json:"passThrough"` // the entry records that the source decoded cleanly; the data is the source itself
	Len         int     `json:"len"`
	SHA256      string  `json:"sha256"` // of the data, to detect damaged entries
}

// cacheKey hashes everything the output depends on; srcSum is the SHA-256 of the source file.
func cacheKey(srcSum [32]byte, format string, pl plan) string {
	h := sha256.New()
	h.Write([]byte(pipelineVersion + "\x00" + runtime.Version() + "\x00" + libVersions + "\x00" + format + "\x00"))
	h.Write(srcSum[:])
	var b []byte
	for _, v := range []int{pl.crop.Min.X, pl.crop.Min.Y, pl.crop.Max.X, pl.crop.Max.Y,
		pl.outW, pl.outH, pl.orientation, pl.quality, boolInt(pl.passThrough), boxMargin} {
		b = binary.BigEndian.AppendUint64(b, uint64(v))
	}
	b = binary.BigEndian.AppendUint64(b, math.Float64bits(pl.ppi))
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil))
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// libVersions names the versions of the modules whose code shapes the output bytes.
var libVersions = func() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	var parts []string
	for _, d := range info.Deps {
		if d.Path == "github.com/disintegration/imaging" || d.Path == "golang.org/x/image" {
			parts = append(parts, d.Path+"@"+d.Version)
		}
	}
	return strings.Join(parts, ",")
}()

func (c *Cache) path(key string) string {
	return filepath.Join(c.Dir, key[:2], key[2:]+cacheSuffix)
}

// get returns the entry for key, or false when it is missing or damaged. A pass-through
// entry comes back without Data: the caller supplies the source bytes.
func (c *Cache) get(key string) (Image, bool) {
	p := c.path(key)
	raw, err := os.ReadFile(p)
	if err != nil {
		return Image{}, false
	}
	rest, ok := bytes.CutPrefix(raw, []byte(cacheMagic))
	if !ok {
		return Image{}, false
	}
	line, data, ok := bytes.Cut(rest, []byte("\n"))
	if !ok {
		return Image{}, false
	}
	var m entryMeta
	if json.Unmarshal(line, &m) != nil || m.Len != len(data) {
		return Image{}, false
	}
	if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != m.SHA256 {
		return Image{}, false
	}
	if m.PassThrough {
		data = nil
	}
	now := time.Now()
	_ = os.Chtimes(p, now, now) // keeps used entries young for Prune
	return Image{Data: data, Format: m.Format, Width: m.Width, Height: m.Height, PPI: m.PPI, PassThrough: m.PassThrough}, true
}

// put stores img under key atomically.
func (c *Cache) put(key string, img Image) error {
	data := img.Data
	if img.PassThrough {
		data = nil // the source is the data; storing the verdict is enough
	}
	sum := sha256.Sum256(data)
	meta, err := json.Marshal(entryMeta{Format: img.Format, Width: img.Width, Height: img.Height, PPI: img.PPI,
		PassThrough: img.PassThrough, Len: len(data), SHA256: hex.EncodeToString(sum[:])})
	if err != nil {
		return err
	}
	return writeAtomic(c.path(key), append(append([]byte(cacheMagic), meta...), '\n'), data)
}

// writeAtomic writes the concatenated parts to a temporary file beside path and renames it
// into place, so that readers (other goroutines, other processes) see the old file or the
// new one, never a partial one.
func writeAtomic(path string, parts ...[]byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(path), tmpPrefix+"*")
	if err != nil {
		return err
	}
	for _, b := range parts {
		if err == nil {
			_, err = f.Write(b)
		}
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// Notes are small files other stages keep in the cache beside the photos (the layout's
// decision log), under a name of their choosing; they are pruned like entries. A damaged
// note reads as missing.
func (c *Cache) notePath(name string) string {
	sum := sha256.Sum256([]byte(name))
	key := hex.EncodeToString(sum[:])
	return filepath.Join(c.Dir, "notes", key[:2], key[2:]+noteSuffix)
}

// Note returns the note stored under name, or nil.
func (c *Cache) Note(name string) []byte {
	p := c.notePath(name)
	raw, err := os.ReadFile(p)
	if err != nil {
		return nil
	}
	rest, ok := bytes.CutPrefix(raw, []byte(noteMagic))
	if !ok || len(rest) < sha256.Size {
		return nil
	}
	sum, data := rest[:sha256.Size], rest[sha256.Size:]
	if got := sha256.Sum256(data); !bytes.Equal(got[:], sum) {
		return nil
	}
	now := time.Now()
	_ = os.Chtimes(p, now, now) // keeps used notes young for Prune
	return data
}

// PutNote stores data under name atomically, replacing the note there.
func (c *Cache) PutNote(name string, data []byte) error {
	sum := sha256.Sum256(data)
	return writeAtomic(c.notePath(name), []byte(noteMagic), sum[:], data)
}

// The source index remembers the SHA-256 of each source file by its identity, so that a
// rebuild finds an unchanged photo's entry without reading the photo: hashing every source
// was about a third of a warm rebuild. One small file per source, named by a hash of its
// absolute path, holds the identity it was hashed under; any difference in size,
// modification time, change time, inode or device means the file is read and hashed again.

// sourceID identifies one version of a file without reading it.
type sourceID struct {
	Size   int64  `json:"size"`
	MTime  int64  `json:"mtime"`  // ns since 1970
	CTime  int64  `json:"ctime"`  // status change, ns since 1970; 0 where the system does not say
	Inode  uint64 `json:"inode"`  // 0 where the system does not say
	Device uint64 `json:"device"` // 0 where the system does not say
}

// sourceIndex is the content of an index file.
type sourceIndex struct {
	Path string `json:"path"`
	sourceID
	SHA256 string `json:"sha256"`
}

// racySlack is how much older than the moment it was read a file's modification time must
// be for its hash to be remembered. A file changed again within the file system's timestamp
// granularity (a few milliseconds on Linux, 2 s on FAT) could keep its size and time; a
// file that recent is simply hashed again next time. Once the recorded time is older than
// that, any later write gives the file a newer one.
const racySlack = 2 * time.Second

func (c *Cache) indexPath(abs string) string {
	sum := sha256.Sum256([]byte(abs))
	key := hex.EncodeToString(sum[:])
	return filepath.Join(c.Dir, "src", key[:2], key[2:]+indexSuffix)
}

// knownSum returns the remembered SHA-256 of the file at path whose status is st, if the
// file is the one that was hashed.
func (c *Cache) knownSum(path string, st fs.FileInfo) (sum [32]byte, ok bool) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return sum, false
	}
	p := c.indexPath(abs)
	raw, err := os.ReadFile(p)
	if err != nil {
		return sum, false
	}
	body, found := bytes.CutPrefix(raw, []byte(indexMagic))
	var ix sourceIndex
	if !found || json.Unmarshal(body, &ix) != nil || ix.Path != abs || ix.sourceID != fileIdentity(st) {
		return sum, false
	}
	if len(ix.SHA256) != hex.EncodedLen(len(sum)) {
		return sum, false
	}
	if _, err := hex.Decode(sum[:], []byte(ix.SHA256)); err != nil {
		return sum, false
	}
	now := time.Now()
	_ = os.Chtimes(p, now, now) // keeps used index files young for Prune
	return sum, true
}

// rememberSum records that the file at path, with status st as it was before it was read
// at readAt, has the SHA-256 sum.
func (c *Cache) rememberSum(path string, st fs.FileInfo, sum [32]byte, readAt time.Time) error {
	id := fileIdentity(st)
	if id.MTime > readAt.Add(-racySlack).UnixNano() {
		return nil // too recent to be sure that a later change would show
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return err
	}
	body, err := json.Marshal(sourceIndex{Path: abs, sourceID: id, SHA256: hex.EncodeToString(sum[:])})
	if err != nil {
		return err
	}
	return writeAtomic(c.indexPath(abs), []byte(indexMagic), body)
}

// Prune removes entries, source index files and abandoned temporary files not used for
// olderThan; reading an entry or index file counts as using it. Files not made by the cache are left alone.
func (c *Cache) Prune(olderThan time.Duration) (removed int, err error) {
	cutoff := time.Now().Add(-olderThan)
	err = filepath.WalkDir(c.Dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil // removed by a concurrent Prune
			}
			return err
		}
		name := d.Name()
		if d.IsDir() || !(strings.HasSuffix(name, cacheSuffix) || strings.HasSuffix(name, indexSuffix) || strings.HasSuffix(name, noteSuffix) || strings.HasPrefix(name, tmpPrefix)) {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil
		}
		if info.ModTime().Before(cutoff) {
			if err := os.Remove(p); err == nil {
				removed++
			} else if !errors.Is(err, fs.ErrNotExist) {
				return err
			}
		}
		return nil
	})
	return removed, err
}
