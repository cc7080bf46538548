package inputfile

import (
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
)

// MiB is a mebibyte, the unit the limits are stated in.
const MiB = 1 << 20

// Kind says what a file is, for messages, and how much of it may be read.
type Kind struct {
	// Name is what the file is, as in "the 16 MiB limit for a scenario
	// file".
	Name string
	// MaxBytes bounds the whole file, in bytes; 0 means no bound on the
	// total (the file is read as a stream and MaxRecord bounds it).
	MaxBytes int64
	// MaxRecord bounds one CSV record, in bytes: a line, or several when
	// a quoted field holds line breaks. 0 means no bound.
	MaxRecord int
	// Gzip reads a path whose name ends ".gz" decompressed, the limits
	// applying to the decompressed bytes.
	Gzip bool
}

// The kinds of file flowsim reads, with their limits. The README's Limits
// section lists them with their reasons.
var (
	// Scenario: scenario files and the files they extend, read whole and
	// parsed into a tree; the largest shipped scenario is a few KiB.
	Scenario = Kind{Name: "scenario file", MaxBytes: 16 * MiB}
	// Census: read whole before a run, one patient a row (tens of bytes),
	// so 64 MiB is about a million patients, several times every G&A bed
	// in England.
	Census = Kind{Name: "census", MaxBytes: 64 * MiB}
	// FitData: every value is kept for the fit (a row as short as "1\n"
	// becomes 8 bytes of memory and more when sorted), so the total is
	// capped: 256 MiB is tens of millions of stays.
	FitData = Kind{Name: "fit data file", MaxBytes: 256 * MiB, MaxRecord: 1 * MiB}
	// Manifest: a run's manifest.json, which holds the resolved scenario
	// of every sweep point.
	Manifest = Kind{Name: "run manifest", MaxBytes: 64 * MiB}
	// RunCSV: a run directory's CSV files (summary, replications, daily,
	// patients), which grow with replications and the horizon: no total,
	// but no record may pass 1 MiB (a real one is under 1 KiB). A name
	// ending .gz (patients.csv.gz) is read decompressed.
	RunCSV = Kind{Name: "run CSV file", MaxRecord: 1 * MiB, Gzip: true}
	// Targets: a calibration targets file, read whole; the shipped one
	// is a few KiB.
	Targets = Kind{Name: "targets file", MaxBytes: 16 * MiB}
	// Priors: a file of uncertain parameters and their ranges, read
	// whole; the shipped one is a few KiB.
	Priors = Kind{Name: "priors file", MaxBytes: 16 * MiB}
	// Ensemble: a list of plausible parameter sets written by history
	// matching, read whole: a thousand members of thirty overrides is
	// about 2 MiB.
	Ensemble = Kind{Name: "ensemble file", MaxBytes: 64 * MiB}
)

// The reasons a file is refused, for errors.Is on an *Error.
var (
	// ErrNotRegular: the path names a directory, a named pipe, a device,
	// a socket or anything else that is not a regular file.
	ErrNotRegular = errors.New("not a regular file")
	// ErrTooLarge: the file is larger than its Kind's MaxBytes.
	ErrTooLarge = errors.New("file too large")
	// ErrRecordTooLong: a CSV record is longer than its Kind's MaxRecord.
	ErrRecordTooLong = errors.New("record too long")
	// ErrBadGzip: a file whose name ends .gz is not whole gzip data.
	ErrBadGzip = errors.New("bad gzip data")
)

// Error is a file refused by Open, ReadFile or File.Read.
type Error struct {
	// Path is the file as named by the caller.
	Path string
	// Line is the first line of the record that is too long (for
	// ErrRecordTooLong), else 0.
	Line int
	// Err is ErrNotRegular, ErrTooLarge, ErrRecordTooLong or ErrBadGzip.
	Err error
	// reason is the message without the path.
	reason string
}

// Error returns "path: reason", or "path:line: reason".
func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.reason)
	}
	return e.Path + ": " + e.reason
}

// Reason is the message without the path, for callers whose message names
// the file already.
func (e *Error) Reason() string {
	if e.Line > 0 {
		return fmt.Sprintf("line %d: %s", e.Line, e.reason)
	}
	return e.reason
}

// Unwrap returns the reason's sentinel error.
func (e *Error) Unwrap() error { return e.Err }

// Reason returns the message of err without the path it names: the reason
// of an *Error or of an *fs.PathError (such as "no such file or
// directory"), else err's own message.
func Reason(err error) string {
	if e, ok := errors.AsType[*Error](err); ok {
		return e.Reason()
	}
	if pe, ok := errors.AsType[*fs.PathError](err); ok {
		return pe.Err.Error()
	}
	return err.Error()
}

// File is an open file of some Kind whose Read enforces the Kind's limits.
type File struct {
	f *os.File
	// src is f, or a gzip reader of it.
	src  io.Reader
	path string
	kind Kind
	read int64 // bytes read so far
	// The record in progress, for MaxRecord: its length in bytes, its
	// first line, whether a quoted field is open; line counts line
	// breaks seen.
	rec     int
	recLine int
	quoted  bool
	line    int
	err     error // sticky: a limit passed
}

// Open opens path for reading as a file of kind k. The path must name a
// regular file (symbolic links are followed) of at most k.MaxBytes bytes;
// it is checked before it is opened, so that a named pipe cannot block,
// and again once open, in case the path changed in between. Errors name
// the path: an *Error for a file that is not regular or too large, else
// the error of os.Stat or os.Open (errors.Is(err, fs.ErrNotExist) for a
// missing file).
func Open(path string, k Kind) (*File, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if err := check(path, k, fi); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_RDONLY|openFlags, 0)
	if err != nil {
		return nil, err
	}
	if fi, err = f.Stat(); err == nil {
		err = check(path, k, fi)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	file := &File{f: f, src: f, path: path, kind: k, recLine: 1}
	if k.Gzip && strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(bufio.NewReader(f))
		if err != nil {
			f.Close()
			return nil, gzipError(path, err, true)
		}
		file.src = zr
	}
	return file, nil
}

// gzipError is why a .gz file could not be decompressed: its header
// (atStart) or the data after it.
func gzipError(path string, err error, atStart bool) error {
	reason := "is damaged gzip data (" + err.Error() + "): was it cut short or edited?"
	if atStart && !errors.Is(err, io.ErrUnexpectedEOF) {
		reason = "is not gzip-compressed, though its name ends .gz (" + err.Error() + ")"
	}
	return &Error{Path: path, Err: ErrBadGzip, reason: reason}
}

// ReadFile reads the whole of the file at path, a file of kind k, as Open
// would allow.
func ReadFile(path string, k Kind) ([]byte, error) {
	f, err := Open(path, k)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, err
	}
	return data, nil
}

// check refuses what is not a regular file of at most k.MaxBytes bytes.
func check(path string, k Kind, fi fs.FileInfo) error {
	m := fi.Mode()
	if !m.IsRegular() {
		what := "is not a regular file"
		switch {
		case m.IsDir():
			what = "is a directory, not a regular file"
		case m&fs.ModeNamedPipe != 0:
			what = "is a named pipe (FIFO), not a regular file"
		case m&fs.ModeDevice != 0 || m&fs.ModeCharDevice != 0:
			what = "is a device, not a regular file"
		case m&fs.ModeSocket != 0:
			what = "is a socket, not a regular file"
		}
		return &Error{Path: path, Err: ErrNotRegular, reason: what}
	}
	if k.MaxBytes > 0 && fi.Size() > k.MaxBytes {
		return &Error{Path: path, Err: ErrTooLarge,
			reason: fmt.Sprintf("is larger than the %s limit for a %s", size(k.MaxBytes), k.Name)}
	}
	return nil
}

// size writes a limit of n bytes in MiB when it is a whole number of
// them, else in bytes.
func size(n int64) string {
	if n >= MiB && n%MiB == 0 {
		return fmt.Sprintf("%d MiB", n/MiB)
	}
	return fmt.Sprintf("%d bytes", n)
}

// Name returns the path the file was opened with.
func (f *File) Name() string { return f.path }

// Close closes the file.
func (f *File) Close() error { return f.f.Close() }

// Read reads from the file. Past the Kind's MaxBytes, or in a CSV record
// longer than its MaxRecord, it returns the bytes before that point with
// an *Error (ErrTooLarge, or ErrRecordTooLong with the record's first
// line), and the same error on every later call.
func (f *File) Read(p []byte) (int, error) {
	if f.err != nil {
		return 0, f.err
	}
	n, err := f.src.Read(p)
	if err != nil && err != io.EOF && f.src != io.Reader(f.f) {
		err = gzipError(f.path, err, false)
		f.err = err
	}
	if max := f.kind.MaxBytes; max > 0 && f.read+int64(n) > max {
		// The file grew after Open checked its size.
		n = int(max - f.read)
		f.err = &Error{Path: f.path, Err: ErrTooLarge,
			reason: fmt.Sprintf("is larger than the %s limit for a %s", size(max), f.kind.Name)}
	}
	f.read += int64(n)
	if f.kind.MaxRecord > 0 {
		if i := f.scan(p[:n]); i < n {
			n = i
		}
	}
	if f.err != nil {
		return n, f.err
	}
	return n, err
}

// scan follows CSV records through b and returns len(b), or the offset at
// which the record in progress passes MaxRecord, setting f.err. A record
// ends at a line break outside quotes; a doubled quote inside a quoted
// field toggles twice, so counting quotes is enough.
func (f *File) scan(b []byte) int {
	for i, c := range b {
		switch c {
		case '"':
			f.quoted = !f.quoted
		case '\n':
			f.line++
			if !f.quoted {
				f.rec, f.recLine = 0, f.line+1
				continue
			}
		}
		f.rec++
		if f.rec > f.kind.MaxRecord {
			f.err = &Error{Path: f.path, Line: f.recLine, Err: ErrRecordTooLong,
				reason: fmt.Sprintf("a record longer than %s, the limit for a %s (is it a CSV file? is a quote left open?)",
					size(int64(f.kind.MaxRecord)), f.kind.Name)}
			return i
		}
	}
	return len(b)
}
