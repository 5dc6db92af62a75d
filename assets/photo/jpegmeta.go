package photo

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// jpegMeta is what the JPEG markers before the first scan tell us: enough to decide on
// orientation and on whether the original bytes can be embedded unchanged.
type jpegMeta struct {
	orientation    int  // EXIF orientation 1-8 (1 when absent or invalid)
	sof            byte // start-of-frame marker: 0xC0 baseline, 0xC1 extended, 0xC2 progressive, ...
	precision      int  // bits per sample (8 or 12)
	width, height  int  // from the start-of-frame segment
	components     int  // 1 gray, 3 YCbCr/RGB, 4 CMYK/YCCK
	compIDs        [4]byte
	jfif           bool
	adobe          bool
	adobeTransform byte // 0 unknown (RGB or CMYK), 1 YCbCr, 2 YCCK
}

// ycbcrOrGray reports whether PDF readers will interpret the file's samples the way the
// file means them when it is embedded as DCTDecode with DeviceRGB/DeviceGray: plain 8-bit
// gray, or YCbCr (not Adobe "RGB", not CMYK/YCCK), huffman-coded baseline or progressive.
func (m jpegMeta) ycbcrOrGray() bool {
	if m.precision != 8 || (m.sof != 0xC0 && m.sof != 0xC1 && m.sof != 0xC2) {
		return false
	}
	switch m.components {
	case 1:
		return true
	case 3:
		if m.adobe {
			return m.adobeTransform == 1
		}
		// Without an Adobe marker, component ids 'R','G','B' mean RGB (libjpeg's rule).
		return m.jfif || m.compIDs[0] != 'R' || m.compIDs[1] != 'G' || m.compIDs[2] != 'B'
	}
	return false
}

// unsupportedVariant names a JPEG coding that Go's decoder (and most PDF readers) cannot
// handle, or returns "".
func (m jpegMeta) unsupportedVariant() string {
	switch m.sof {
	case 0xC0, 0xC1, 0xC2:
	case 0xC3, 0xC7, 0xCB, 0xCF:
		return "lossless JPEG"
	case 0xC5, 0xC6:
		return "hierarchical JPEG"
	default:
		return "arithmetic-coded JPEG"
	}
	if m.precision != 8 {
		return fmt.Sprintf("%d-bit JPEG", m.precision)
	}
	return ""
}

var errNoSOF = errors.New("no start-of-frame marker before the image data")

// readJPEGMeta parses the marker segments of a JPEG up to its start of frame, skipping
// everything it does not need, so it costs microseconds even for files with large EXIF or
// ICC segments.
func readJPEGMeta(r io.Reader) (jpegMeta, error) {
	br := bufio.NewReaderSize(r, 4096)
	m := jpegMeta{orientation: 1}
	var soi [2]byte
	if _, err := io.ReadFull(br, soi[:]); err != nil || soi != [2]byte{0xFF, 0xD8} {
		return m, errors.New("missing JPEG start-of-image marker")
	}
	sawExif := false
	for {
		marker, err := nextMarker(br)
		if err != nil {
			return m, err
		}
		switch {
		case marker == 0xD8 || marker >= 0xD0 && marker <= 0xD7 || marker == 0x01:
			continue // no payload
		case marker == 0xD9 || marker == 0xDA:
			return m, errNoSOF
		}
		var lb [2]byte
		if _, err := io.ReadFull(br, lb[:]); err != nil {
			return m, fmt.Errorf("segment 0xFF%02X: %w", marker, unexpected(err))
		}
		n := int(binary.BigEndian.Uint16(lb[:])) - 2
		if n < 0 {
			return m, fmt.Errorf("segment 0xFF%02X has a bad length", marker)
		}
		isSOF := marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC
		keep := isSOF || marker == 0xE0 || marker == 0xE1 && !sawExif || marker == 0xEE
		if !keep {
			if _, err := br.Discard(n); err != nil {
				return m, fmt.Errorf("segment 0xFF%02X: %w", marker, unexpected(err))
			}
			continue
		}
		seg := make([]byte, n)
		if _, err := io.ReadFull(br, seg); err != nil {
			return m, fmt.Errorf("segment 0xFF%02X: %w", marker, unexpected(err))
		}
		switch {
		case isSOF:
			if n < 6 {
				return m, errors.New("start-of-frame segment too short")
			}
			m.sof = marker
			m.precision = int(seg[0])
			m.height = int(binary.BigEndian.Uint16(seg[1:]))
			m.width = int(binary.BigEndian.Uint16(seg[3:]))
			m.components = int(seg[5])
			for i := 0; i < m.components && i < 4 && 6+3*i < n; i++ {
				m.compIDs[i] = seg[6+3*i]
			}
			return m, nil
		case marker == 0xE0:
			if len(seg) >= 5 && string(seg[:5]) == "JFIF\x00" {
				m.jfif = true
			}
		case marker == 0xE1:
			if len(seg) >= 6 && string(seg[:6]) == "Exif\x00\x00" {
				sawExif = true
				m.orientation = exifOrientation(seg[6:])
			}
		case marker == 0xEE:
			if len(seg) >= 12 && string(seg[:5]) == "Adobe" {
				m.adobe = true
				m.adobeTransform = seg[11]
			}
		}
	}
}

// nextMarker skips to the next 0xFF xx marker (tolerating fill bytes) and returns xx.
func nextMarker(br *bufio.Reader) (byte, error) {
	b, err := br.ReadByte()
	if err != nil {
		return 0, unexpected(err)
	}
	if b != 0xFF {
		return 0, fmt.Errorf("expected a marker, found byte 0x%02X", b)
	}
	for b == 0xFF {
		if b, err = br.ReadByte(); err != nil {
			return 0, unexpected(err)
		}
	}
	return b, nil
}

func unexpected(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

// exifOrientation reads tag 0x0112 from IFD0 of a TIFF-structured EXIF block; 1 when the
// tag is absent or its value is not 1-8.
func exifOrientation(t []byte) int {
	if len(t) < 8 {
		return 1
	}
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 1
	}
	if bo.Uint16(t[2:]) != 42 {
		return 1
	}
	ifd := int64(bo.Uint32(t[4:]))
	if ifd < 8 || ifd+2 > int64(len(t)) {
		return 1
	}
	count := int64(bo.Uint16(t[ifd:]))
	for i := int64(0); i < count; i++ {
		e := ifd + 2 + 12*i
		if e+12 > int64(len(t)) {
			break
		}
		if bo.Uint16(t[e:]) != 0x0112 {
			continue
		}
		typ := bo.Uint16(t[e+2:])
		var v int
		switch typ {
		case 3: // SHORT
			v = int(bo.Uint16(t[e+8:]))
		case 4: // LONG, written by a few tools
			v = int(bo.Uint32(t[e+8:]))
		default:
			return 1
		}
		if v >= 1 && v <= 8 {
			return v
		}
		return 1
	}
	return 1
}
