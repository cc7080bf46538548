package run

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// UsageError is a mistake in how a command was asked for: a setting out
// of range or two settings that exclude each other.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

func usagef(format string, a ...any) error { return &UsageError{fmt.Sprintf(format, a...)} }

// InputError is a problem with the user's files or values (or with where
// they asked flowsim to write); its message names the file.
type InputError struct{ Err error }

func (e *InputError) Error() string { return e.Err.Error() }
func (e *InputError) Unwrap() error { return e.Err }

func inputf(format string, a ...any) error { return &InputError{fmt.Errorf(format, a...)} }

// InterruptedError reports a batch stopped by its context (a signal),
// with how to finish it.
type InterruptedError struct {
	// Saved counts the replications finished and checkpointed in Dir.
	Saved int
	// Dir is the run directory.
	Dir string
	// Hint is the shell command that finishes the run.
	Hint string
	// Err is the context's error.
	Err error
}

func (e *InterruptedError) Error() string {
	return fmt.Sprintf("interrupted: %d replication(s) finished and saved in %s; to finish, run:\n  %s", e.Saved, e.Dir, e.Hint)
}

func (e *InterruptedError) Unwrap() error { return e.Err }

// IsIOError reports whether err comes from the file system (a full disk,
// a read-only directory, a directory where a file belongs, a missing
// permission): a problem with where flowsim was told to read or write,
// which the message names, not a bug.
func IsIOError(err error) bool {
	var pe *fs.PathError
	var le *os.LinkError
	var se *os.SyscallError
	return errors.As(err, &pe) || errors.As(err, &le) || errors.As(err, &se)
}
