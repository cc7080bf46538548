package plot

import (
	"encoding/json"
	"fmt"
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
	} `json:"sites"`
}

// unitSpec is a unit's capacity and its schedule of changes.
type unitSpec struct {
	Capacity int              `json:"capacity"`
	Schedule []capacityChange `json:"schedule"`
}

type capacityChange struct {
	From     string   `json:"from"`
	To       string   `json:"to"`
	Days     []string `json:"days"`
	Hours    string   `json:"hours"`
	Capacity int      `json:"capacity"`
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
// time-weighted mean over each day of the capacity its schedule gives (the
// last matching change wins, as in the model), so a change for some hours
// shows as a fraction of the day.
func dailyCapacity(u *unitSpec, start time.Time, days int) ([]float64, error) {
	type change struct {
		from, to time.Time // zero: open
		days     scenario.Weekdays
		hours    scenario.Window
		capacity float64
	}
	changes := make([]change, len(u.Schedule))
	for i, c := range u.Schedule {
		ch := change{capacity: float64(c.Capacity), hours: scenario.Window{From: 0, To: 24}}
		var err error
		if c.From != "" {
			if ch.from, err = time.Parse(time.DateOnly, c.From); err != nil {
				return nil, fmt.Errorf("schedule %d: from: %w", i, err)
			}
		}
		if c.To != "" {
			if ch.to, err = time.Parse(time.DateOnly, c.To); err != nil {
				return nil, fmt.Errorf("schedule %d: to: %w", i, err)
			}
		}
		if ch.days, err = scenario.ParseWeekdays(c.Days, scenario.AllWeek); err != nil {
			return nil, fmt.Errorf("schedule %d: %w", i, err)
		}
		if c.Hours != "" {
			if ch.hours, err = scenario.ParseWindow(c.Hours); err != nil {
				return nil, fmt.Errorf("schedule %d: %w", i, err)
			}
		}
		changes[i] = ch
	}
	// Quarter hours resolve every window the format can write to the
	// minute only approximately; a mean over 96 points is within 1% of a
	// day and exact for whole-hour and half-hour windows.
	const steps = 96
	out := make([]float64, days)
	for d := range out {
		date := start.AddDate(0, 0, d)
		sum := 0.0
		for q := range steps {
			h := (float64(q) + 0.5) * 24 / steps
			capacity := float64(u.Capacity)
			for _, c := range changes {
				if (!c.from.IsZero() && date.Before(c.from)) || (!c.to.IsZero() && date.After(c.to)) ||
					!c.days.Has(date.Weekday()) || !c.hours.Contains(h) {
					continue
				}
				capacity = c.capacity
			}
			sum += capacity
		}
		out[d] = sum / steps
	}
	return out, nil
}
