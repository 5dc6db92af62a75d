package photo

import (
	"errors"
	"strings"
)

// Error kinds. Every error returned by this package is an *Error whose Kind is one of these,
// so callers (the CLI) can map them with errors.Is.
var (
	ErrNotFound    = errors.New("file not found")
	ErrUnreadable  = errors.New("file cannot be read")
	ErrEmpty       = errors.New("file is empty")
	ErrNotImage    = errors.New("not an image")
	ErrUnsupported = errors.New("unsupported image format")
	ErrCorrupt     = errors.New("image is truncated or corrupt")
	ErrTooLarge    = errors.New("image too large")
	ErrZeroSize    = errors.New("image has zero width or height")
	ErrInvalidSpec = errors.New("invalid photo spec")
	ErrInternal    = errors.New("internal error in the photo pipeline")
)

// Error describes why one photo could not be used. Its message names the file, says what is
// wrong, and, where there is one, what the user can do about it.
type Error struct {
	Path string // the photo's path as given in the Spec
	Kind error  // one of the Err* kinds above
	Msg  string // what is wrong, e.g. "HEIC/HEIF image (as saved by iPhones)"
	Hint string // what to do, e.g. "convert it to JPEG"; may be empty
	Err  error  // the underlying cause, if any (an *os.PathError, a decoder error ...)
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Path)
	b.WriteString(": ")
	if e.Msg != "" {
		b.WriteString(e.Msg)
	} else {
		b.WriteString(e.Kind.Error())
	}
	if e.Hint != "" {
		b.WriteString("; ")
		b.WriteString(e.Hint)
	}
	return b.String()
}

// Unwrap exposes both the kind and the cause, so errors.Is(err, ErrNotFound) and
// errors.Is(err, fs.ErrNotExist) both hold for a missing file.
func (e *Error) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Kind}
	}
	return []error{e.Kind, e.Err}
}

func newError(path string, kind error, msg, hint string, cause error) *Error {
	return &Error{Path: path, Kind: kind, Msg: msg, Hint: hint, Err: cause}
}
