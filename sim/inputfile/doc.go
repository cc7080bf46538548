// Package inputfile opens the files flowsim reads — scenario files and
// the files they extend, censuses, fit data, and the CSV files and
// manifest of a run directory — so that every reader refuses the same
// hostile inputs in the same words.
//
// A path must name a regular file (symbolic links are followed): a named
// pipe (FIFO), a device such as /dev/zero, a socket or a directory is
// refused before anything is read, so a reader never blocks waiting for a
// writer or reads without end. What is read is bounded per Kind: a total
// size for files read whole, and for large CSV files read as a stream a
// longest record instead, so memory follows the rows kept rather than
// whatever the file holds. A run CSV file whose name ends .gz
// (patients.csv.gz) is read decompressed, its limits applying to the
// decompressed bytes, and damaged gzip data is an error naming the file.
// Every error names the path and says what was expected.
package inputfile
