//go:build !unix

package inputfile

// openFlags: without O_NONBLOCK, the Stat before the Open is what keeps
// named pipes out.
const openFlags = 0
