package output

import (
	"encoding/csv"
	"io"
	"strconv"
)

// PatientsFile is the per-journey output written with --patients.
const PatientsFile = "patients.csv"

// WritePatients writes patients.csv: one row per completed patient journey
// of every replication, in replication then completion order. patient is
// "<place>-<arrival number>"; durations are in days.
func WritePatients(w io.Writer, reps []Replication) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"scenario", "rep", "patient", "site", "cohort", "pathway", "arrived_day", "los_days", "route"})
	for _, r := range reps {
		rep := strconv.Itoa(r.Rep)
		for _, j := range r.Journeys {
			cw.Write([]string{r.Scenario, rep, j.Place + "-" + strconv.FormatUint(j.Seq, 10), j.Site, j.Cohort,
				"p" + strconv.Itoa(j.Pathway), strconv.FormatFloat(j.Arrived, 'f', 4, 64),
				strconv.FormatFloat(j.LOSDays, 'f', 4, 64), j.Route})
		}
	}
	cw.Flush()
	return cw.Error()
}
