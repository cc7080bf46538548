package model

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/flowsim/flowsim/sim/dist"
	"github.com/flowsim/flowsim/sim/engine"
	"github.com/flowsim/flowsim/sim/inputfile"
	"github.com/flowsim/flowsim/sim/scenario"
)

// The census is the state of the system at time zero: one CSV row per
// patient in a G&A bed, on a virtual ward, in a discharge-to-assess place
// or on a p1–p3 service. This file owns the format: readCensus reads it,
// WriteCensus writes it (flowsim run --write-census), and their columns
// are censusColumns and censusOptional.

// Census units: where a census patient is.
const (
	censusBeds = "beds"
	censusVW   = "virtual_ward"
	censusD2A  = "d2a"
)

// maxCensusDays bounds the time a census patient has spent in a unit (a
// century): beyond it a value is a mistake, and times near the float
// range would break the clock.
const maxCensusDays = 36500

// censusColumns are the census CSV's required columns; days_in_hospital
// is accepted for days_in_unit (its name before the census covered more
// than beds).
var censusColumns = []string{"site", "days_in_unit", "medically_safe", "pathway"}

// censusOptional are the census CSV's optional columns.
var censusOptional = []string{"unit", "cohort", "hub_done", "hub_hours"}

// CensusRow is one patient of a census.
type CensusRow struct {
	Site string
	// Unit is beds, virtual_ward, d2a, p1, p2 or p3.
	Unit string
	// Cohort is the patient's cohort ("" to draw it from the shares).
	Cohort string
	// Pathway is the discharge pathway the patient needs, 0..3.
	Pathway int
	// DaysInUnit is the time already spent in the unit (for beds, since
	// admission).
	DaysInUnit float64
	// MedicallySafe: no longer needs the unit's care and waits to move on
	// (beds and virtual wards).
	MedicallySafe bool
	// HubDone: the hub has arranged the patient's discharge.
	HubDone bool
	// HubHours is the hub working time already spent on the assessment.
	HubHours float64
}

// censusPatient is a census row resolved against the plan.
type censusPatient struct {
	site     siteID
	unit     where
	cohort   int16 // -1: draw from the cohort shares
	pathway  int8
	elapsed  engine.Time // time already in the unit
	safe     bool
	hubDone  bool
	hubHours engine.Time
}

// readCensus reads a census CSV against plan p's sites and cohorts.
func readCensus(path string, p *Plan) ([]censusPatient, error) {
	f, err := inputfile.Open(path, inputfile.Census)
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
	if _, ok := col["days_in_unit"]; !ok {
		if i, ok := col["days_in_hospital"]; ok {
			col["days_in_unit"] = i
		}
	}
	for _, c := range censusColumns {
		if _, ok := col[c]; !ok {
			return nil, fmt.Errorf("%s:1: missing column %q (want %s, and optionally %s)", path, c,
				strings.Join(censusColumns, ", "), strings.Join(censusOptional, ", "))
		}
	}
	siteIndex := map[string]siteID{}
	for i, sp := range p.sites {
		siteIndex[sp.key] = siteID(i)
	}
	cohorts := make([]string, len(p.cohorts))
	for i, c := range p.cohorts {
		cohorts[i] = c.key
	}
	cell := func(rec []string, name string) string {
		if i, ok := col[name]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	var out []censusPatient
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		line, _ := r.FieldPos(0)
		bad := func(column, format string, a ...any) error {
			return fmt.Errorf("%s:%d: %s: %s", path, line, column, fmt.Sprintf(format, a...))
		}
		c := censusPatient{cohort: -1, unit: inBed}
		site, ok := siteIndex[cell(rec, "site")]
		if !ok {
			return nil, bad("site", "unknown site %q (sites: %s)", cell(rec, "site"), strings.Join(sortedSiteKeys(p), ", "))
		}
		c.site = site
		sp := &p.sites[site]
		days, err := strconv.ParseFloat(cell(rec, "days_in_unit"), 64)
		if err != nil || !(days >= 0 && days <= maxCensusDays) {
			return nil, bad("days_in_unit", "want a number of days from 0 to %d, got %q", maxCensusDays, cell(rec, "days_in_unit"))
		}
		c.elapsed = engine.Time(days * 24)
		if c.safe, ok = yesNo(cell(rec, "medically_safe"), false); !ok {
			return nil, bad("medically_safe", "want yes or no, got %q", cell(rec, "medically_safe"))
		}
		switch pw := strings.ToLower(cell(rec, "pathway")); pw {
		case "p0", "p1", "p2", "p3":
			c.pathway = int8(pw[1] - '0')
		default:
			return nil, bad("pathway", "want p0, p1, p2 or p3, got %q", cell(rec, "pathway"))
		}
		if name := cell(rec, "cohort"); name != "" {
			i := slices.Index(cohorts, name)
			if i < 0 {
				return nil, bad("cohort", "unknown cohort %q (cohorts: %s)", name, strings.Join(cohorts, ", "))
			}
			c.cohort = int16(i)
		}
		if c.hubDone, ok = yesNo(cell(rec, "hub_done"), false); !ok {
			return nil, bad("hub_done", "want yes or no, got %q", cell(rec, "hub_done"))
		}
		if h := cell(rec, "hub_hours"); h != "" {
			x, err := strconv.ParseFloat(h, 64)
			if err != nil || !(x >= 0 && x <= maxCensusDays*24) {
				return nil, bad("hub_hours", "want a number of working hours from 0 to %d, got %q", maxCensusDays*24, h)
			}
			c.hubHours = engine.Time(x)
		}
		switch u := strings.ToLower(cell(rec, "unit")); u {
		case "", censusBeds:
		case censusVW:
			if sp.vw < 0 {
				return nil, bad("unit", "site %s has no virtual ward", sp.key)
			}
			c.unit = onVirtualWard
		case censusD2A:
			if sp.d2a == nil {
				return nil, bad("unit", "site %s has no d2a service", sp.key)
			}
			if c.pathway == 0 {
				return nil, bad("pathway", "a patient in discharge to assess needs p1, p2 or p3")
			}
			c.unit, c.safe = inD2A, true
		case "p1", "p2", "p3":
			if int8(u[1]-'0') != c.pathway {
				return nil, bad("pathway", "a patient on %s has pathway %s, got p%d", u, u, c.pathway)
			}
			if sp.pathways[c.pathway] == nil {
				return nil, bad("unit", "site %s has no %s service", sp.key, u)
			}
			c.unit, c.safe, c.hubDone = onPathway, true, true
		default:
			return nil, bad("unit", "want beds, virtual_ward, d2a, p1, p2 or p3, got %q", u)
		}
		if c.unit == onVirtualWard && c.safe && c.pathway == 0 {
			return nil, bad("medically_safe", "a medically safe p0 patient leaves the virtual ward at once: want no")
		}
		out = append(out, c)
	}
	if err := checkCensusCapacity(path, p, out); err != nil {
		return nil, err
	}
	return out, nil
}

// yesNo parses a yes/no cell; empty gives def.
func yesNo(s string, def bool) (v, ok bool) {
	switch strings.ToLower(s) {
	case "":
		return def, true
	case "yes", "y", "true", "1":
		return true, true
	case "no", "n", "false", "0":
		return false, true
	}
	return false, false
}

func sortedSiteKeys(p *Plan) []string {
	keys := make([]string, len(p.sites))
	for i, sp := range p.sites {
		keys[i] = sp.key
	}
	return keys
}

// checkCensusCapacity refuses a census with more patients in a unit than
// it ever has places: such a census describes a state the model can never
// be in.
func checkCensusCapacity(path string, p *Plan, rows []censusPatient) error {
	type key struct {
		site siteID
		unit where
		pw   int8
	}
	n := map[key]int{}
	vw := make([]int, len(p.vws))
	for _, c := range rows {
		switch c.unit {
		case onVirtualWard:
			vw[p.sites[c.site].vw]++
		case onPathway:
			n[key{c.site, c.unit, c.pathway}]++
		default:
			n[key{c.site, c.unit, 0}]++
		}
	}
	for i, sp := range p.sites {
		s := siteID(i)
		check := func(what string, count int, capacity int, sched scenario.Schedule) error {
			if count == 0 {
				return nil
			}
			// A schedule may hold the unit below the patients in it (they
			// stay; nobody new starts), so only more than it ever has is
			// a state the model cannot be in.
			if most := sched.Most(capacity); count > most {
				return fmt.Errorf("%s: site %s has %d census patients in %s, more than its %d places", path, sp.key, count, what, most)
			}
			return nil
		}
		if err := check("beds", n[key{s, inBed, 0}], sp.beds.Capacity, sp.beds.Schedule); err != nil {
			return err
		}
		if sp.d2a != nil {
			if err := check("d2a", n[key{s, inD2A, 0}], sp.d2a.capacity, sp.d2a.schedule); err != nil {
				return err
			}
		}
		for pw := int8(1); pw <= 3; pw++ {
			if pp := sp.pathways[pw]; pp != nil {
				if err := check(scenario.PathwayNames[pw], n[key{s, onPathway, pw}], pp.capacity, pp.schedule); err != nil {
					return err
				}
			}
		}
	}
	for i, v := range p.vws {
		if vw[i] > v.capacity {
			return fmt.Errorf("%s: virtual ward %s has %d census patients, more than its %d places", path, v.key, vw[i], v.capacity)
		}
	}
	return nil
}

// admitCensus puts the census patients where they are at time zero, in the
// census's order (which is the order in which those waiting are served).
// Each stays for the rest of a stay drawn from their unit's length of stay
// given the time already spent; the medically safe start their discharge
// at once, keeping any hub work already done.
func (m *Model) admitCensus() {
	for i, c := range m.plan.census {
		id := m.patients.get()
		p := &m.patients.records[id]
		p.place, p.site, p.seq, p.edDone = -1, c.site, uint64(i), true
		r := m.patientDraws(m.censusKeys.needs, p.seq)
		p.cohort = c.cohort
		u := r.Float64()
		if p.cohort < 0 {
			p.cohort = int16(pick(m.plan.cohortCum, u))
		}
		m.drawNeeds(p, r)
		p.pathway = c.pathway // known from the census, not drawn
		p.dies = p.dies && !c.safe && c.unit == inBed
		if p.dies {
			p.pathway = 0
		}
		p.arrived, p.since = -c.elapsed, -c.elapsed
		p.hubDone, p.hubHoursDone = c.hubDone, c.hubHours
		p.referred = c.hubDone
		sp := &m.plan.sites[p.site]
		s := &m.sites[p.site]
		switch c.unit {
		case inBed:
			p.at, p.admitted = inBed, -c.elapsed
			s.beds.start(0)
			m.occupied.Add(0, 1)
			if c.safe {
				m.at(0, m.k.medicallySafe, id)
			} else {
				if c.hubHours > 0 && sp.hub != nil {
					m.at(0, m.k.referToHub, id)
				}
				m.planStay(id, m.residualStay(p, c.elapsed))
			}
		case onVirtualWard:
			p.at, p.viaVW = onVirtualWard, true
			m.vws[sp.vw].start(0)
			s.vwPatients.Add(0, 1)
			if c.safe {
				p.safe = true
				m.at(0, m.k.vwEnd, id)
			} else {
				m.at(m.residual(m.censusKeys.los, m.plan.vws[sp.vw].los, 1, c.elapsed, p.seq), m.k.vwEnd, id)
			}
		case inD2A:
			p.at, p.safe = inD2A, true
			s.d2a.start(0)
			m.at(m.residual(m.censusKeys.los, sp.d2a.los, 1, c.elapsed, p.seq), m.k.d2aEnd, id)
			if !p.hubDone && sp.hub != nil {
				m.at(0, m.k.referToHub, id)
			} else {
				p.hubDone = true
			}
		case onPathway:
			p.at, p.safe, p.asked = onPathway, true, true
			s.pathways[p.pathway].start(0)
			m.at(m.residual(m.censusKeys.los, sp.pathways[p.pathway].los, 1, c.elapsed, p.seq), m.k.pathwayEnd, id)
		}
	}
}

// residualStay draws the rest of an acute stay already elapsed long.
func (m *Model) residualStay(p *patient, elapsed engine.Time) engine.Time {
	sp := &m.plan.sites[p.site]
	los := m.plan.cohorts[p.cohort].los
	if los == nil {
		los = sp.los
	}
	return m.residual(m.censusKeys.los, los, sp.losScale, elapsed, p.seq)
}

// residual draws the rest of a duration of distribution d (times scale)
// already elapsed long, from d conditioned on exceeding elapsed (by
// rejection; after many rejections, a fresh draw), from census patient
// seq's stream key.
func (m *Model) residual(key uint64, d dist.Distribution, scale float64, elapsed engine.Time, seq uint64) engine.Time {
	r := m.patientDraws(key, seq)
	var stay engine.Time
	for range 1000 {
		stay = engine.Time(d.Sample(r) * scale)
		if stay > elapsed {
			return stay - elapsed
		}
	}
	return stay
}

// takeCensus is the census event: it records every patient in a bed, on a
// virtual ward, in an interim place or on a p1–p3 service now, by site and
// unit, longest in the unit first (so that those waiting keep roughly
// their order when the census is read back). Patients in ED, in SDEC or
// waiting for a bed are not included: they leave within hours.
func (m *Model) takeCensus() {
	now := m.now()
	type entry struct {
		row   CensusRow
		site  siteID
		order int
		since engine.Time
		index int
	}
	var es []entry
	for i := range m.patients.records {
		p := &m.patients.records[i]
		if p.direct || p.elective && p.at != inBed {
			continue
		}
		e := entry{site: p.site, index: i, since: p.since}
		row := CensusRow{Site: m.plan.sites[p.site].key, Pathway: int(p.pathway), MedicallySafe: p.safe, HubDone: p.hubDone}
		switch p.at {
		case inBed:
			row.Unit, e.order, e.since = censusBeds, 0, p.admitted
		case onVirtualWard:
			row.Unit, e.order = censusVW, 1
		case inD2A:
			row.Unit, e.order = censusD2A, 2
		case onPathway:
			row.Unit, e.order = scenario.PathwayNames[p.pathway], 2+int(p.pathway)
		default:
			continue
		}
		if !p.elective {
			row.Cohort = m.plan.cohorts[p.cohort].key
		} else {
			row.Cohort = ""
		}
		row.DaysInUnit = float64(now-e.since) / 24
		if p.assessing {
			row.HubHours = float64(p.hubHoursDone + m.plan.sites[p.site].hub.workingHours(m.clock, p.hubStartAt, now))
		}
		e.row = row
		es = append(es, e)
	}
	slices.SortFunc(es, func(a, b entry) int {
		switch {
		case a.site != b.site:
			return int(a.site) - int(b.site)
		case a.order != b.order:
			return a.order - b.order
		case a.since != b.since:
			if a.since < b.since {
				return -1
			}
			return 1
		}
		return a.index - b.index
	})
	m.census = make([]CensusRow, len(es))
	for i, e := range es {
		m.census[i] = e.row
	}
}

// WriteCensus writes rows as a census CSV that a scenario's census field
// can name.
func WriteCensus(w io.Writer, rows []CensusRow) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"site", "unit", "cohort", "pathway", "days_in_unit", "medically_safe", "hub_done", "hub_hours"})
	yes := func(b bool) string {
		if b {
			return "yes"
		}
		return "no"
	}
	for _, r := range rows {
		cw.Write([]string{r.Site, r.Unit, r.Cohort, "p" + strconv.Itoa(r.Pathway),
			strconv.FormatFloat(r.DaysInUnit, 'f', 4, 64), yes(r.MedicallySafe), yes(r.HubDone),
			strconv.FormatFloat(r.HubHours, 'f', 2, 64)})
	}
	cw.Flush()
	return cw.Error()
}
