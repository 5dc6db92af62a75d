package pdf

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
)

// fpdf copies an image's bytes four times on the way out (reading, hashing, converting to
// a string, appending to its one growing document buffer): for an edition of photos, many
// megabytes of fresh memory, which was half the time spent writing the PDF. So fpdf is
// given a JPEG stand-in instead: the photo's own header up to its scan data (all fpdf
// reads of it: size and colour model), behind a comment naming the photo. The photo's bytes go into
// the stand-in's stream afterwards, as one more edit of fpdf's output (see conform): the file
// is the one fpdf would have written from the photo itself.

// standInTag starts the comment that names a stand-in's photo.
const standInTag = "epaper-stand-in "

// standIns maps the name in each stand-in's comment to its photo.
type standIns map[string][]byte

// jpegStandIn returns the stand-in for a JPEG photo and registers the photo under its
// name, or false when the photo's header cannot be read (it then goes to fpdf whole). The
// name is the photo's hash: identical photos make identical stand-ins, which fpdf writes once,
// as it would the photos.
func (s standIns) jpegStandIn(data []byte) ([]byte, bool) {
	end, ok := jpegHeaderEnd(data)
	if !ok {
		return nil, false
	}
	sum := sha256.Sum256(data)
	name := hex.EncodeToString(sum[:16])
	comment := append([]byte(standInTag), name...)
	out := make([]byte, 0, 6+len(comment)+end)
	out = append(out, 0xFF, 0xD8, 0xFF, 0xFE, byte((len(comment)+2)>>8), byte(len(comment)+2))
	out = append(out, comment...)
	out = append(out, data[2:end]...)
	s[name] = data
	return out, true
}

// jpegHeaderEnd returns the offset where a JPEG's scan data starts: just past its first
// start-of-scan segment. Go's decoder, which fpdf asks for the size and colour model, reads
// that far when the file has no JFIF segment (an Adobe segment may change the colours).
func jpegHeaderEnd(b []byte) (int, bool) {
	if len(b) < 4 || b[0] != 0xFF || b[1] != 0xD8 {
		return 0, false
	}
	i := 2
	for i+4 <= len(b) {
		if b[i] != 0xFF {
			return 0, false
		}
		marker := b[i+1]
		if marker == 0xFF { // fill byte
			i++
			continue
		}
		if marker == 0xD9 || marker >= 0xD0 && marker <= 0xD7 {
			return 0, false // the end, or a restart, before any scan
		}
		n := int(b[i+2])<<8 | int(b[i+3])
		if n < 2 || i+2+n > len(b) {
			return 0, false
		}
		i += 2 + n
		if marker == 0xDA {
			return i, true
		}
	}
	return 0, false
}

// edits finds each stand-in's stream in fpdf's output and returns the edits that put
// its photo there, with the stream's /Length.
func (s standIns) edits(pdf []byte, x *xref) ([]edit, error) {
	if len(s) == 0 {
		return nil, nil
	}
	var edits []edit
	tag := []byte{0xFF, 0xFE}
	found := map[string]bool{}
	for at := 0; ; {
		i := bytes.Index(pdf[at:x.at], []byte(standInTag))
		if i < 0 {
			break
		}
		i += at
		at = i + len(standInTag)
		start := i - 6 // FF D8 FF FE and the comment's length
		if start < 0 || !bytes.Equal(pdf[start+2:start+4], tag) {
			continue // the words in some other stream
		}
		name := string(pdf[at:min(at+32, len(pdf))])
		photo, ok := s[name]
		if !ok {
			continue
		}
		const head = ">>\nstream\n"
		if !bytes.HasSuffix(pdf[:start], []byte(head)) {
			return nil, fmt.Errorf("writing PDF: unexpected image object from fpdf")
		}
		digitsEnd := start - len(head)
		digits := digitsEnd
		for digits > 0 && pdf[digits-1] >= '0' && pdf[digits-1] <= '9' {
			digits--
		}
		n, err := strconv.Atoi(string(pdf[digits:digitsEnd]))
		if err != nil || !bytes.HasSuffix(pdf[:digits], []byte("/Length ")) || start+n > x.at {
			return nil, fmt.Errorf("writing PDF: unexpected image object from fpdf")
		}
		edits = append(edits,
			edit{at: digits, n: digitsEnd - digits, b: []byte(strconv.Itoa(len(photo)))},
			edit{at: start, n: n, b: photo})
		at = start + n
		found[name] = true
	}
	if len(found) != len(s) {
		return nil, fmt.Errorf("writing PDF: %d of %d photos are missing from fpdf's output", len(s)-len(found), len(s))
	}
	return edits, nil
}
