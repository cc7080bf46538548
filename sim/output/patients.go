package output

import (
	"compress/gzip"
	"encoding/csv"
	"io"
	"math"
	"strconv"
)

// PatientsFile is the per-journey output written with --patients.
const PatientsFile = "patients.csv"

// PatientsGzipFile is PatientsFile gzip-compressed, written with
// --patients-gzip instead of it.
const PatientsGzipFile = PatientsFile + ".gz"

// PatientsFileName is the name of the patients file, compressed or not.
func PatientsFileName(gzipped bool) string {
	if gzipped {
		return PatientsGzipFile
	}
	return PatientsFile
}

// Gzip calls write with a writer that gzip-compresses into w. The bytes
// depend only on what write writes: the gzip header records no file name
// and no modification time, and the compression level is fixed, so runs
// on any number of workers, shards merged or runs resumed give the same
// file.
func Gzip(w io.Writer, write func(io.Writer) error) error {
	zw, err := gzip.NewWriterLevel(w, gzip.DefaultCompression)
	if err != nil {
		return err
	}
	if err := write(zw); err != nil {
		return err
	}
	return zw.Close()
}

// WritePatients writes patients.csv: one row per completed patient journey
// of every replication, in replication then completion order. patient is
// "<place>-<arrival number>"; durations are in days; outcome is how the
// journey ended (home, p1, p2, p3 or died) and pathway_start_day when the
// p1–p3 service started (empty when the outcome is not a pathway). keyCols names extra
// key columns after scenario, as for the other files.
func WritePatients(w io.Writer, keyCols []string, reps []Replication) error {
	pw := NewPatientsWriter(w, keyCols)
	for _, r := range reps {
		pw.Write(r)
	}
	return pw.Flush()
}

// PatientsWriter writes patients.csv one replication at a time.
type PatientsWriter struct{ cw *csv.Writer }

// NewPatientsWriter writes the header of patients.csv to w.
func NewPatientsWriter(w io.Writer, keyCols []string) *PatientsWriter {
	cw := csv.NewWriter(w)
	cw.Write(header(keyCols, PatientsColumns()...))
	return &PatientsWriter{cw}
}

// Write writes r's journeys.
func (pw *PatientsWriter) Write(r Replication) {
	rep := strconv.Itoa(r.Rep)
	for _, j := range r.Journeys {
		start := ""
		if !math.IsNaN(j.PathwayStart) {
			start = strconv.FormatFloat(j.PathwayStart, 'f', 4, 64)
		}
		t := j.Times
		pw.cw.Write(row(r.Scenario, r.Keys, rep, j.Place+"-"+strconv.FormatUint(j.Seq, 10), j.Site, j.Cohort,
			"p"+strconv.Itoa(j.Pathway), strconv.FormatFloat(j.Arrived, 'f', 4, 64),
			strconv.FormatFloat(j.LOSDays, 'f', 4, 64), j.Route, j.Outcome, start,
			hours(t.Arrival), hours(t.Decision), hours(t.SDECStart), hours(t.SDECEnd), hours(t.BedStart),
			hours(t.MedicallySafe), hours(t.HubReferral), hours(t.HubDecision), hours(t.PathwayStart), hours(t.End),
			strconv.FormatFloat(j.BoardingDays, 'f', 4, 64), strconv.FormatFloat(j.DelayedDays, 'f', 4, 64)))
	}
}

// Flush finishes the file and returns the first error writing it.
func (pw *PatientsWriter) Flush() error {
	pw.cw.Flush()
	return pw.cw.Error()
}

// hours writes an event time in hours to the nearest 0.001 h (3.6 s), or
// empty when the journey had no such event.
func hours(h float64) string {
	if math.IsNaN(h) {
		return ""
	}
	return strconv.FormatFloat(h, 'f', 3, 64)
}
