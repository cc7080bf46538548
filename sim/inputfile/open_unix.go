//go:build unix

package inputfile

import "syscall"

// openFlags makes opening a named pipe return at once instead of waiting
// for a writer, should the path change between the Stat and the Open.
const openFlags = syscall.O_NONBLOCK
