package photo

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"io/fs"
	"os"
	"strconv"

	"golang.org/x/image/webp"
)

// DefaultMaxPixels is the decompression-bomb guard used when Limits.MaxPixels is 0:
// generous for 24-60 MP camera files, far below what would exhaust memory.
const DefaultMaxPixels = 100_000_000

// Limits bound the resources one photo may take.
type Limits struct {
	MaxPixels int64 // largest width×height accepted; 0 = DefaultMaxPixels
}

func (l Limits) maxPixels() int64 {
	if l.MaxPixels <= 0 {
		return DefaultMaxPixels
	}
	return l.MaxPixels
}

// Info is what a photo's header says about it.
type Info struct {
	Format        string // "jpeg", "png", "gif", "webp"
	Width, Height int    // as displayed, i.e. after EXIF orientation (swapped for 5-8)
	Orientation   int    // EXIF orientation 1-8 (1 when absent)
}

// header is Info plus what the pipeline needs from the header.
type header struct {
	Info
	srcW, srcH int      // as stored, before orientation
	jpeg       jpegMeta // JPEG only
}

// Inspect reads only a photo's header (dimensions, EXIF orientation); it takes
// microseconds. It rejects files that are not images, formats we cannot decode, zero-size
// images and images over the pixel limit, with the same errors Process would give.
func Inspect(path string, lim Limits) (Info, error) {
	f, err := openPhoto(path)
	if err != nil {
		return Info{}, err
	}
	defer f.Close()
	h, err := readHeader(path, f, lim)
	return h.Info, err
}

// openPhoto opens a file for reading and classifies the usual failures.
func openPhoto(path string) (*os.File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fileError(path, err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fileError(path, err)
	}
	if st.IsDir() {
		f.Close()
		return nil, newError(path, ErrUnreadable, "is a directory, not an image file", "", nil)
	}
	return f, nil
}

func fileError(path string, err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return newError(path, ErrNotFound, "file not found", "check the path and its spelling (case matters)", err)
	case errors.Is(err, fs.ErrPermission):
		return newError(path, ErrUnreadable, "permission denied", "make the file readable", err)
	}
	return newError(path, ErrUnreadable, "cannot read the file: "+errorText(err), "", err)
}

// errorText strips the path that *os.PathError repeats, since our message names it already.
func errorText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Op + ": " + pe.Err.Error()
	}
	return err.Error()
}

// readHeader identifies the format by magic bytes and reads the dimensions without
// decoding pixels. r must be positioned at the start of the file.
func readHeader(path string, r io.ReadSeeker, lim Limits) (header, error) {
	var h header
	head := make([]byte, sniffLen)
	n, err := io.ReadFull(r, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return h, fileError(path, err)
	}
	v := sniff(head[:n])
	if v.kind != nil {
		return h, newError(path, v.kind, v.msg, v.hint, nil)
	}
	h.Format = v.format
	h.Orientation = 1
	zeroSize := func(w, ht int) error {
		return newError(path, ErrZeroSize, fmt.Sprintf("image is %d×%d pixels (zero width or height)", w, ht),
			"re-export the picture", nil)
	}
	// Decoders report a zero dimension as a generic format error, if at all: look first.
	if w, ht, ok := declaredSize(v.format, head[:n]); ok && (w == 0 || ht == 0) {
		return h, zeroSize(w, ht)
	}
	if v.format == "jpeg" {
		if _, err := r.Seek(0, io.SeekStart); err != nil {
			return h, fileError(path, err)
		}
		m, err := readJPEGMeta(r)
		if err != nil {
			return h, decodeError(path, v.format, err)
		}
		if m.width == 0 || m.height == 0 {
			return h, zeroSize(m.width, m.height)
		}
		if variant := m.unsupportedVariant(); variant != "" {
			return h, newError(path, ErrUnsupported, variant+" is not supported",
				"re-save it as a standard (baseline or progressive, 8-bit) JPEG", nil)
		}
		h.jpeg = m
		h.Orientation = m.orientation
	}
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return h, fileError(path, err)
	}
	cfg, err := decodeConfig(v.format, r)
	if err != nil {
		return h, decodeError(path, v.format, err)
	}
	h.srcW, h.srcH = cfg.Width, cfg.Height
	if h.srcW <= 0 || h.srcH <= 0 {
		return h, zeroSize(h.srcW, h.srcH)
	}
	h.Width, h.Height = h.srcW, h.srcH
	if h.Orientation >= 5 {
		h.Width, h.Height = h.srcH, h.srcW
	}
	if px, max := int64(h.srcW)*int64(h.srcH), lim.maxPixels(); px > max {
		return h, newError(path, ErrTooLarge,
			fmt.Sprintf("%d×%d = %s MP exceeds the limit of %s MP", h.srcW, h.srcH, megapixels(px), megapixels(max)),
			"raise it with --max-pixels, or scale the picture down", nil)
	}
	return h, nil
}

// declaredSize reads the dimensions that PNG and GIF state at fixed offsets.
func declaredSize(format string, head []byte) (w, h int, ok bool) {
	switch {
	case format == "png" && len(head) >= 24 && string(head[12:16]) == "IHDR":
		return int(binary.BigEndian.Uint32(head[16:])), int(binary.BigEndian.Uint32(head[20:])), true
	case format == "gif" && len(head) >= 10:
		return int(binary.LittleEndian.Uint16(head[6:])), int(binary.LittleEndian.Uint16(head[8:])), true
	}
	return 0, 0, false
}

func megapixels(px int64) string {
	mp := float64(px) / 1e6
	if mp >= 10 {
		return strconv.FormatFloat(float64(int64(mp+0.5)), 'f', -1, 64)
	}
	return strconv.FormatFloat(float64(int64(mp*10+0.5))/10, 'f', -1, 64)
}

// decodeConfig calls the format's own DecodeConfig (not the registry, which sniffs again),
// turning a panic in a third-party decoder into an error.
func decodeConfig(format string, r io.Reader) (cfg image.Config, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("decoder panicked: %v", p)
		}
	}()
	switch format {
	case "jpeg":
		return jpeg.DecodeConfig(r)
	case "png":
		return png.DecodeConfig(r)
	case "gif":
		return gif.DecodeConfig(r)
	case "webp":
		return webp.DecodeConfig(r)
	}
	return cfg, fmt.Errorf("no decoder for %q", format)
}

// decodeError classifies a decoder failure: a variant the decoder does not implement is
// "unsupported" (the user can re-save it), anything else means the file is damaged.
func decodeError(path, format string, err error) error {
	name := formatName(format)
	var ju jpeg.UnsupportedError
	var pu png.UnsupportedError
	if errors.As(err, &ju) || errors.As(err, &pu) {
		return newError(path, ErrUnsupported, fmt.Sprintf("%s variant not supported (%v)", name, err),
			"re-save it as a standard 8-bit "+name, err)
	}
	// Decoders report a cut file as "unexpected EOF" or as a format error, depending on
	// where the cut falls, so we cannot tell the two apart reliably.
	return newError(path, ErrCorrupt, fmt.Sprintf("truncated or corrupt %s (%v)", name, err),
		"the file is damaged or incomplete; copy or export it again", err)
}

func formatName(format string) string {
	switch format {
	case "jpeg":
		return "JPEG"
	case "png":
		return "PNG"
	case "gif":
		return "GIF"
	case "webp":
		return "WebP"
	}
	return format
}

// readHeaderBytes is readHeader over an in-memory file.
func readHeaderBytes(path string, data []byte, lim Limits) (header, error) {
	return readHeader(path, bytes.NewReader(data), lim)
}
