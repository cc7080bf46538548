package model

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/flowsim/flowsim/sim/engine"
)

// censusPatient is one patient in a bed at time zero.
type censusPatient struct {
	site    int16
	cohort  int16 // -1: draw from the cohort shares
	pathway int8
	elapsed engine.Time // time already in hospital
	safe    bool
}

// censusColumns are the census CSV's columns; cohort is optional.
var censusColumns = []string{"site", "days_in_hospital", "medically_safe", "pathway"}

// readCensus reads a census CSV: one row per patient in a G&A bed today.
func readCensus(path string, sites map[string]int16, cohorts []string) ([]censusPatient, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.TrimLeadingSpace = true
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: reading the header: %w", path, err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(h))] = i
	}
	for _, c := range censusColumns {
		if _, ok := col[c]; !ok {
			return nil, fmt.Errorf("%s:1: missing column %q (want %s, and optionally cohort)", path, c, strings.Join(censusColumns, ", "))
		}
	}
	cohortCol, hasCohort := col["cohort"]
	var out []censusPatient
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := r.FieldPos(0)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		bad := func(column, format string, a ...any) error {
			return fmt.Errorf("%s:%d: %s: %s", path, line, column, fmt.Sprintf(format, a...))
		}
		p := censusPatient{cohort: -1}
		site, ok := sites[rec[col["site"]]]
		if !ok {
			return nil, bad("site", "unknown site %q", rec[col["site"]])
		}
		p.site = site
		days, err := strconv.ParseFloat(rec[col["days_in_hospital"]], 64)
		if err != nil || days < 0 {
			return nil, bad("days_in_hospital", "want a number of days >= 0, got %q", rec[col["days_in_hospital"]])
		}
		p.elapsed = engine.Time(days * 24)
		switch strings.ToLower(rec[col["medically_safe"]]) {
		case "yes", "y", "true", "1":
			p.safe = true
		case "no", "n", "false", "0":
		default:
			return nil, bad("medically_safe", "want yes or no, got %q", rec[col["medically_safe"]])
		}
		pw := strings.ToLower(rec[col["pathway"]])
		switch pw {
		case "p0", "p1", "p2", "p3":
			p.pathway = int8(pw[1] - '0')
		default:
			return nil, bad("pathway", "want p0, p1, p2 or p3, got %q", rec[col["pathway"]])
		}
		if hasCohort && rec[cohortCol] != "" {
			i := slices.Index(cohorts, rec[cohortCol])
			if i < 0 {
				return nil, bad("cohort", "unknown cohort %q (cohorts: %s)", rec[cohortCol], strings.Join(cohorts, ", "))
			}
			p.cohort = int16(i)
		}
		out = append(out, p)
	}
	return out, nil
}

// admitCensus puts the census patients in their beds at time zero. Those
// not yet medically safe stay for the rest of a stay drawn from their
// cohort's length of stay given the time already spent; those medically
// safe start their discharge at once.
func (m *Model) admitCensus() {
	for i, c := range m.plan.census {
		id := m.patients.get()
		p := &m.patients.records[id]
		p.place, p.site, p.seq, p.pathway, p.edDone = -1, c.site, uint64(i), c.pathway, true
		r := m.patientDraws(m.censusKeys.needs, p.seq)
		p.cohort = c.cohort
		u := r.Float64()
		if p.cohort < 0 {
			p.cohort = int16(pick(m.plan.cohortCum, u))
		}
		m.drawNeeds(p, r)
		p.pathway = c.pathway // known from the census, not drawn
		p.at, p.admitted, p.arrived = inBed, -c.elapsed, -c.elapsed
		s := &m.sites[p.site]
		s.beds.start(0)
		m.occupied.Add(0, 1)
		if c.safe {
			m.eng.At(0, m.k.medicallySafe, id)
			if p.pathway > 0 && m.plan.sites[p.site].hub != nil {
				m.eng.At(0, m.k.referToHub, id)
			}
			continue
		}
		m.planStay(id, m.residualStay(p, c.elapsed))
	}
}

// residualStay draws the rest of a stay already elapsed long, from the
// length-of-stay distribution conditioned on exceeding elapsed (by
// rejection; after many rejections, a fresh stay).
func (m *Model) residualStay(p *patient, elapsed engine.Time) engine.Time {
	sp := &m.plan.sites[p.site]
	los := m.plan.cohorts[p.cohort].los
	if los == nil {
		los = sp.los
	}
	r := m.patientDraws(m.censusKeys.los, p.seq)
	var stay engine.Time
	for range 1000 {
		stay = engine.Time(los.Sample(r) * sp.losScale)
		if stay > elapsed {
			return stay - elapsed
		}
	}
	return stay
}
