package plot

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/flowsim/flowsim/sim/scenario"
)

// scenarioInfo is what the figures use of a resolved scenario (the JSON in
// the manifest). Only these fields are decoded, so other changes to the
// scenario format do not stop figures being drawn.
type scenarioInfo struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	Start       string `json:"start"`
	Sites       map[string]struct {
		Beds     *unitSpec            `json:"beds"`
		Pathways map[string]*unitSpec `json:"pathways"`
		D2A      *unitSpec            `json:"d2a"`
		UTC      *unitSpec            `json:"utc"`
		SDEC     *struct {
			Chairs int `json:"chairs"`
		} `json:"sdec"`
		Hub *struct {
			Staff int `json:"staff"`
		} `json:"hub"`
		ED *struct {
			Majors   *unitSpec `json:"majors"`
			Minors   *unitSpec `json:"minors"`
			Corridor int       `json:"corridor"`
		} `json:"ed"`
	} `json:"sites"`
	VirtualWards map[string]struct {
		Capacity int      `json:"capacity"`
		Sites    []string `json:"sites"`
	} `json:"virtual_wards"`
}

// constant is a capacity that does not change, as a unitSpec.
func constant(n int) *unitSpec { return &unitSpec{Capacity: n} }

// capacities are a group's capacities by site and daily.csv unit, from
// its resolved scenario.
type capacities struct {
	info  scenarioInfo
	start time.Time
	ok    bool // the manifest gives the scenario and its start date
}

// capacitiesOf reads group g's capacities from the manifest.
func (r *Run) capacitiesOf(g Group) (capacities, error) {
	info, ok, err := r.scenarioOf(g)
	if err != nil {
		return capacities{}, err
	}
	start, hasStart := info.startDate()
	return capacities{info: info, start: start, ok: ok && hasStart}, nil
}

// daily returns the capacity of site's unit on each of days days from the
// start (dailyCapacity), or nil when the manifest does not give it.
func (c capacities) daily(site, unit string, days int) []float64 {
	if !c.ok {
		return nil
	}
	if unit == "ed" {
		return c.edDaily(site, days)
	}
	spec := c.info.capacity(site, unit)
	if spec == nil {
		return nil
	}
	return dailyCapacity(spec, c.start, days)
}

// edDaily returns the spaces of site's ED on each of days days: its majors
// and minors cubicles (each following its schedule) and corridor spaces;
// nil when the site's ED has no capacity.
func (c capacities) edDaily(site string, days int) []float64 {
	ed := c.info.Sites[site].ED
	if ed == nil || ed.Majors == nil {
		return nil
	}
	out := dailyCapacity(ed.Majors, c.start, days)
	if ed.Minors != nil {
		for d, n := range dailyCapacity(ed.Minors, c.start, days) {
			out[d] += n
		}
	}
	for d := range out {
		out[d] += float64(ed.Corridor)
	}
	return out
}

// capacity returns the capacity of site's unit (a daily.csv unit), or nil
// when the scenario does not give it: G&A beds, SDEC chairs, the hub's
// staff, the virtual ward the site uses (its whole capacity, shared with
// the other sites it serves), an interim (D2A) or p1–p3 service or an
// urgent treatment centre's clinicians, with their schedules.
func (s scenarioInfo) capacity(site, unit string) *unitSpec {
	st, ok := s.Sites[site]
	if !ok {
		return nil
	}
	switch unit {
	case "beds":
		return st.Beds
	case "sdec":
		if st.SDEC != nil {
			return constant(st.SDEC.Chairs)
		}
	case "hub":
		if st.Hub != nil {
			return constant(st.Hub.Staff)
		}
	case "virtual_ward":
		for _, vw := range s.VirtualWards {
			if slices.Contains(vw.Sites, site) {
				return constant(vw.Capacity)
			}
		}
	case "d2a":
		return st.D2A
	case "utc":
		return st.UTC
	default:
		return st.Pathways[unit]
	}
	return nil
}

// unitSpec is a unit's capacity and its schedule of changes, decoded
// with the scenario package's own types so that the figures apply the
// model's rule (scenario.Schedule.CapacityAt).
type unitSpec struct {
	Capacity int               `json:"capacity"`
	Schedule scenario.Schedule `json:"schedule"`
}

// scenarioOf decodes group g's resolved scenario from the manifest; ok is
// false when the manifest has none.
func (r *Run) scenarioOf(g Group) (info scenarioInfo, ok bool, err error) {
	ms, found := r.Manifest.ScenarioOf(g)
	if !found || len(ms.Resolved) == 0 || string(ms.Resolved) == "null" {
		return info, false, nil
	}
	if err := json.Unmarshal(ms.Resolved, &info); err != nil {
		return info, false, fmt.Errorf("%s: resolved scenario of %s: %w", ManifestFile, g.Scenario, err)
	}
	return info, true, nil
}

// startDate returns the scenario's start date, or ok false if it has none.
func (s scenarioInfo) startDate() (time.Time, bool) {
	t, err := time.Parse(time.DateOnly, s.Start)
	return t, err == nil
}

// dailyCapacity returns u's capacity on each of days days from start: the
// time-weighted mean over each day of the capacity its schedule gives, so
// a change for some hours shows as a fraction of the day.
func dailyCapacity(u *unitSpec, start time.Time, days int) []float64 {
	// Quarter hours resolve every window the format can write to the
	// minute only approximately; a mean over 96 points is within 1% of a
	// day and exact for whole-hour and half-hour windows.
	const steps = 96
	out := make([]float64, days)
	for d := range out {
		date := scenario.DateOf(start.AddDate(0, 0, d))
		sum := 0
		for q := range steps {
			sum += u.Schedule.CapacityAt(u.Capacity, date, (float64(q)+0.5)*24/steps)
		}
		out[d] = float64(sum) / steps
	}
	return out
}
