package photo

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"
)

// sniffLen is how many leading bytes sniff looks at.
const sniffLen = 512

// verdict is what the first bytes of a file say about it: a format we decode, or why not.
type verdict struct {
	format string // "jpeg", "png", "gif", "webp"; empty when kind is set
	kind   error
	msg    string
	hint   string
}

const (
	hintJPEG = "convert it to JPEG"
	hintPNG  = "convert it to PNG or JPEG"
)

func unsupported(what, hint string) verdict {
	return verdict{kind: ErrUnsupported, msg: what + " is not supported", hint: hint}
}

func notImage(what string) verdict {
	return verdict{kind: ErrNotImage, msg: "not an image: the file seems to be " + what,
		hint: "check the path points at the picture"}
}

// sniff classifies a file by its magic bytes, never by its name: a HEIC renamed to .jpg is
// still a HEIC, and the user needs to hear that rather than "corrupt JPEG".
func sniff(head []byte) verdict {
	if len(head) > sniffLen {
		head = head[:sniffLen]
	}
	has := func(p string) bool { return bytes.HasPrefix(head, []byte(p)) }
	switch {
	case len(head) == 0:
		return verdict{kind: ErrEmpty, msg: "file is empty (0 bytes)", hint: "was the copy interrupted?"}
	case has("\xff\xd8\xff"):
		return verdict{format: "jpeg"}
	case has("\x89PNG\r\n\x1a\n"):
		return verdict{format: "png"}
	case has("GIF87a"), has("GIF89a"):
		return verdict{format: "gif"}
	case has("RIFF") && len(head) >= 12 && string(head[8:12]) == "WEBP":
		return verdict{format: "webp"}
	case len(head) >= 12 && string(head[4:8]) == "ftyp":
		return sniffISOBMFF(head)
	case has("II*\x00"), has("MM\x00*"), has("II+\x00"), has("MM\x00+"):
		return unsupported("TIFF image (or a TIFF-based camera raw file)", hintJPEG)
	case has("BM") && len(head) >= 18 && isBMPHeaderSize(head[14:18]):
		return unsupported("BMP image", hintJPEG)
	case has("8BPS"):
		return unsupported("Photoshop document (PSD)", "export it as JPEG")
	case has("%PDF-"):
		return unsupported("PDF document", "export the picture as JPEG (photos) or PNG (graphics)")
	case has("%!PS"):
		return unsupported("PostScript/EPS file", hintPNG)
	case has("\x00\x00\x00\x0cjP  \r\n\x87\n"), has("\xff\x4f\xff\x51"):
		return unsupported("JPEG 2000 image", hintJPEG)
	case has("\x00\x00\x00\x0cJXL \r\n\x87\n"), has("\xff\x0a"):
		return unsupported("JPEG XL image", hintJPEG)
	case has("FUJIFILMCCD-RAW"):
		return unsupported("camera raw file (RAF)", hintJPEG)
	}
	return sniffText(head)
}

// sniffISOBMFF tells HEIF/HEIC, AVIF and camera raw apart by the brands in the ftyp box.
func sniffISOBMFF(head []byte) verdict {
	size := int(head[0])<<24 | int(head[1])<<16 | int(head[2])<<8 | int(head[3])
	if size < 16 || size > len(head) {
		size = len(head)
	}
	major := string(head[8:12])
	brands := []string{major}
	for i := 16; i+4 <= size; i += 4 {
		brands = append(brands, string(head[i:i+4]))
	}
	anyOf := func(set ...string) bool {
		for _, b := range brands {
			for _, s := range set {
				if b == s {
					return true
				}
			}
		}
		return false
	}
	switch {
	case anyOf("avif", "avis"):
		return unsupported("AVIF image", hintJPEG)
	case anyOf("heic", "heix", "hevc", "hevx", "heim", "heis", "hevm", "hevs", "mif1", "msf1"):
		return unsupported("HEIC/HEIF image (as saved by iPhones and many phones)", hintJPEG+
			" (on a Mac: Preview > Export; or set the camera to 'Most Compatible')")
	case anyOf("crx "):
		return unsupported("camera raw file (CR3)", hintJPEG)
	case anyOf("qt  "):
		return notImage("a QuickTime video")
	}
	return notImage(fmt.Sprintf("an ISO media file (brand %q), such as a video", strings.TrimSpace(major)))
}

func isBMPHeaderSize(b []byte) bool {
	switch int(b[0]) | int(b[1])<<8 | int(b[2])<<16 | int(b[3])<<24 {
	case 12, 16, 40, 52, 56, 64, 108, 124:
		return true
	}
	return false
}

// sniffText names the common non-image files people point at by mistake.
func sniffText(head []byte) verdict {
	has := func(p string) bool { return bytes.HasPrefix(head, []byte(p)) }
	switch {
	case has("PK\x03\x04"):
		return notImage("a ZIP archive (or an office document)")
	case has("\x1f\x8b"):
		return notImage("a gzip archive")
	case has("Rar!"):
		return notImage("a RAR archive")
	case has("7z\xbc\xaf\x27\x1c"):
		return notImage("a 7-Zip archive")
	case has("\x7fELF"), has("MZ"):
		return notImage("a program")
	}
	// Text: skip a byte-order mark and leading space, then look at the start.
	t := bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	t = bytes.TrimLeft(t, " \t\r\n")
	lower := strings.ToLower(string(t))
	switch {
	case strings.HasPrefix(lower, "<!doctype html"), strings.HasPrefix(lower, "<html"):
		return notImage("an HTML page (a web page saved instead of the picture?)")
	case strings.HasPrefix(lower, "<") && strings.Contains(lower, "<svg"):
		return unsupported("SVG vector graphic", "convert it to PNG (vector graphics are not supported)")
	case strings.HasPrefix(lower, "<?xml"):
		return notImage("an XML file")
	case strings.HasPrefix(lower, "version https://git-lfs"):
		return notImage("a Git LFS pointer (run 'git lfs pull' to fetch the real file)")
	}
	if looksLikeText(head) {
		line, _, _ := strings.Cut(string(t), "\n")
		line = strings.TrimSpace(line)
		if utf8.RuneCountInString(line) > 40 {
			line = string([]rune(line)[:40]) + "..."
		}
		return notImage(fmt.Sprintf("a text file (starting %q)", line))
	}
	n := min(len(head), 8)
	return notImage(fmt.Sprintf("unrecognised data (first bytes % x)", head[:n]))
}

// looksLikeText reports whether b is UTF-8 without control characters other than
// whitespace. A cut in the middle of a rune at the end of the window is allowed.
func looksLikeText(b []byte) bool {
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size <= 1 {
			return len(b) < utf8.UTFMax && !utf8.FullRune(b)
		}
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' && r != '\f' || r == 0x7f {
			return false
		}
		b = b[size:]
	}
	return true
}
