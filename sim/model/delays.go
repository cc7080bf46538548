package model

import (
	"github.com/flowsim/flowsim/sim/metric"
	"github.com/flowsim/flowsim/sim/stats"
)

// delayReason is why a medically safe patient is still in a G&A bed. Every
// delayed bed-hour has exactly one reason, so the reasons' bed-days add up
// to delayed_bed_days.
type delayReason uint8

const (
	notDelayed      delayReason = iota
	delayHub                    // waiting for the hub to assess them and arrange their discharge
	delayD2A                    // waiting for a discharge-to-assess place
	delayAcceptance             // their place or turn is ready but the provider is not taking patients now
	delayP1                     // waiting for a p1 home-care start
	delayP2                     // waiting for a p2 rehabilitation bed
	delayP3                     // waiting for a p3 care-home placement
	delayP0                     // going home without new support: discharge hours, weekends
	delayReasons                // the number of reasons, notDelayed included
)

// delayNames name the reasons in metrics (delayed_<name>_bed_days) and
// daily.csv columns (delayed_<name>).
var delayNames = [delayReasons]string{"", "hub", "d2a", "acceptance", "p1", "p2", "p3", "p0"}

// delayMetrics name each reason's delayed bed-days metric.
var delayMetrics = [delayReasons]string{"", metric.DelayedHubBedDays, metric.DelayedD2ABedDays,
	metric.DelayedAcceptanceBedDays, metric.DelayedP1BedDays, metric.DelayedP2BedDays,
	metric.DelayedP3BedDays, metric.DelayedP0BedDays}

// DelayReasons lists the reasons a medically safe patient stays in a bed,
// in the order of Day.DelayedBy and of the delayed_<reason> columns.
func DelayReasons() []string { return delayNames[1:] }

// waitingForPathway is the delay reason of a patient queueing for a place
// on pathway pw.
func waitingForPathway(pw int8) delayReason { return delayP1 + delayReason(pw-1) }

// delays are a site's medically safe patients in beds, by reason. Their
// total (the NCTR count) is the sum over reasons, kept by no level of its
// own so that a change of reason costs one level update each way.
type delays struct {
	byReason [delayReasons]stats.Level
}

// count returns the medically safe patients in beds now.
func (d *delays) count() int {
	n := 0
	for r := range d.byReason {
		n += d.byReason[r].Value()
	}
	return n
}

// total returns the delayed bed-hours from time 0 to t.
func (d *delays) total(t float64) float64 {
	sum := 0.0
	for r := range d.byReason {
		sum += d.byReason[r].Total(t)
	}
	return sum
}

// area returns the delayed bed-hours since the last reset, up to t.
func (d *delays) area(t float64) float64 {
	sum := 0.0
	for r := range d.byReason {
		sum += d.byReason[r].Area(t)
	}
	return sum
}

// setDelay records that patient p, if in a bed, is now delayed for reason r
// (notDelayed when they stop being delayed).
func (m *Model) setDelay(p *patient, r delayReason) {
	if p.at != inBed || p.delay == r {
		return
	}
	d := &m.sites[p.site].delays
	now := float64(m.now())
	if p.delay != notDelayed {
		d.byReason[p.delay].Add(now, -1)
	}
	if r != notDelayed {
		d.byReason[r].Add(now, 1)
	}
	p.delay = r
}

func (d *delays) reset(t float64) {
	for i := range d.byReason {
		d.byReason[i].Reset(t)
	}
}
