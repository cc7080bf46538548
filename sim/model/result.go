package model

import (
	"math"
	"time"

	"github.com/flowsim/flowsim/sim/census"
	"github.com/flowsim/flowsim/sim/engine"
	"github.com/flowsim/flowsim/sim/metric"
	"github.com/flowsim/flowsim/sim/stats"
)

// SystemSite is the site name under which system-wide totals are reported.
const SystemSite = "all"

// Result is what one replication reports.
type Result struct {
	// Metrics in a fixed order: by metric, then by site (sites sorted by
	// key, then SystemSite).
	Metrics []Metric
	// Daily has one row per simulated day (warm-up included, so warm-up can
	// be judged from it) per site and unit, in day, site, unit order.
	Daily []Day
	// Events is the number of events the engine dispatched.
	Events uint64
	// Journeys has one record per patient journey that began after the
	// warm-up and ended before the horizon, when asked for (RecordJourneys).
	Journeys []Journey
	// Census is the state of the system on the day Options.CensusDay asked
	// for (see census.Write); nil unless asked for.
	Census []census.Row
	// Periods are the financial years of the recorded period, in order,
	// each with PeriodMetrics; nil unless the scenario asks for
	// financial_years.
	Periods []Period
}

// Journey is one patient's completed journey.
type Journey struct {
	Place   string // place key, "elective" or "census"
	Seq     uint64 // arrival number at the place (readmissions add 1<<48 each)
	Site    string
	Cohort  string
	Pathway int     // discharge pathway 0..3
	Route   string  // how the journey ended: bed, sdec (home the same day) or virtual_ward
	Arrived float64 // days since the start date
	LOSDays float64 // time in a G&A bed, days (0 if never admitted)
	// Outcome is how the journey ended: home (without new support), p1,
	// p2 or p3 (the service the patient went on to), or died.
	Outcome string
	// PathwayStart is when the p1–p3 service started, days since the start
	// date; NaN when the outcome is not a pathway.
	PathwayStart float64
	// Times are the journey's events in hours since the start date, NaN
	// for those it did not have: arrival, ED decision, SDEC start and end,
	// bed start (the last admission, after any wait), medically safe, hub
	// referral and decision, pathway start, and the end (home, death or
	// the end of the p1–p3 service).
	Times JourneyTimes
	// BoardingDays is the wait for a bed; DelayedDays the time from
	// medically safe to leaving the bed (0 if never delayed in a bed).
	BoardingDays, DelayedDays float64
}

// JourneyTimes are a journey's event times, hours since the start date.
type JourneyTimes struct {
	Arrival, Decision, SDECStart, SDECEnd, BedStart, MedicallySafe float64
	HubReferral, HubDecision, PathwayStart, End                    float64
}

// Metric is one named measurement at a site (or SystemSite).
type Metric struct {
	Name  string
	Site  string
	Value float64
}

// Day is one day's activity in one unit of one site.
type Day struct {
	Day int // days since the start date; the last may be partial
	// Date is the day's calendar date, "2025-06-06".
	Date string
	Site string
	// Unit is beds, sdec, virtual_ward, p1, p2, p3, d2a, hub, utc or ed
	// (an ED with capacity).
	Unit string
	// Occupied is the mean number of places in use over the day (for beds,
	// the bed-days used that day; for ed, patients in a cubicle or a
	// corridor space).
	Occupied float64
	// Arrivals: emergency arrivals at the site (beds), referrals (p1–p3,
	// hub), patients streamed from ED (utc), attendances reaching ED (ed).
	Arrivals int
	// Admissions: patients who started in the unit (for ed, took a
	// cubicle or corridor space).
	Admissions int
	// Discharges: patients who left the unit (for sdec, home the same
	// day; for ed, left their ED space).
	Discharges int
	// Delayed is the mean number waiting over the day: for beds, medically
	// safe patients still in a bed (delayed bed-days that day); for sdec,
	// d2a, p1–p3, the hub and the UTC, the unit's queue (for the hub,
	// referrals waiting for a member of the team; Occupied is the members
	// assigned; for the UTC, patients waiting to be seen, Occupied the
	// clinicians treating); for ed, ambulance patients waiting for
	// handover.
	Delayed float64
	// DelayedBy splits a beds row's Delayed by reason, in DelayReasons
	// order; zero for other units.
	DelayedBy [NumDelayReasons]float64
	// Boarding is, for a beds row, the mean number of patients waiting
	// for a bed over the day (boarding in ED); for an ed row, those of
	// them boarding in an ED space; zero for other units.
	Boarding float64
}

// NumDelayReasons is the number of reasons a medically safe patient stays
// in a bed (see DelayReasons).
const NumDelayReasons = int(delayReasons) - 1

// unitKind indexes a site's daily units.
type unitKind int

const (
	unitBeds unitKind = iota
	unitSDEC
	unitVW
	unitP1
	unitP2
	unitP3
	unitD2A
	unitHub
	unitUTC
	unitED
	unitKinds
)

var unitNames = [unitKinds]string{"beds", "sdec", "virtual_ward", "p1", "p2", "p3", "d2a", "hub", "utc", "ed"}

// dayCount counts one unit's activity during the day in progress.
type dayCount struct {
	arrivals, admissions, discharges int
	occupiedAt, delayedAt            float64 // the levels' Totals at the day's start
	boardingAt                       float64 // the boarding level's Total at the day's start
	delayedByAt                      [delayReasons]float64
}

// tally counts a site's patients after the warm-up.
type tally struct {
	arrivals, ambulance, readmissions   int
	edAttendances, edWithin4h, edOthers int
	// An ED with capacity: attendances arriving and in ED at the end of
	// the warm-up (for the balance), those over 12 hours from arrival,
	// those seen (and after a wait) with their waits, and ambulance
	// handovers with their hours and the hours beyond 30 and 60 minutes.
	// ed12hDecision counts admitted patients boarding over 12 hours in
	// any ED.
	edArrived, edInStart, ed12hArrival, ed12hDecision int
	edSeen, edSeenAfterWait                           int
	edSeenWaitHours                                   float64
	edSeenBy                                          [maxTriage]int // seen, by triage category
	edSeenWaitBy                                      [maxTriage]float64
	handovers                                         int
	handoverHours, handoverOver15, handoverOver30     float64
	handoverOver60                                    float64
	sdecAttendances, sdecSameDay                      int
	sdecDirect, sdecDirectTurnedAway                  int
	vwStepUps, vwStepDowns, vwFallbacks               int
	admissions, discharges, lost, left                int
	admittedAfterWait                                 int // emergency admissions that waited for a bed
	deaths                                            int
	electiveArrivals, electiveAdmissions              int
	electivesCancelled                                int
	hubReferrals, hubStarts                           int
	hubWaitHours, hubWorkHours                        float64 // in the hub's working hours
	hubWaitClockHours                                 float64 // the same waits in clock hours
	d2aStarts                                         int
	nctrMidnights, nctrPatients                       int // midnights counted, and the medically safe in beds at each
	emergencyDischarges                               int
	electiveDischarges                                int
	emergencyStayHours, electiveStayHours             float64
	olderDischarges                                   int     // emergency patients of 65+ cohorts leaving a bed
	olderStayHours                                    float64 // and their time in it
	weekendPathwayStarts                              int
	pathwayStarts                                     [4]int
	pathwayWaits                                      int
	dischargesBy                                      [4]int // emergency discharges from a bed by pathway
	sameDayBed                                        int    // admitted and discharged within 24 hours
	sdecStartsByHour                                  [24]int
	inSystemStart                                     int
	waitHours, pathwayWaitHours                       float64
	weekendDelayHours                                 float64 // delays of patients medically safe on a Saturday or Sunday
	// Emergency patients leaving a bed alive once medically safe: how
	// many, their waits from medically safe, those leaving on a later
	// calendar day (and their waits), and those who were in the last
	// recorded midnight's NCTR count.
	readyDischarges, lateDischarges int
	readyWaitHours, lateWaitHours   float64
	readyFromMidnight               int
	weekendDischarges               int // emergency patients leaving a bed alive on a Saturday or Sunday
	// Patients the ward round declared medically safe after waiting for
	// it, and their waits from the end of the acute stay.
	roundDeclarations int
	roundWaitHours    float64
	escalations       int // reviews that raised the site's escalation level
	// The urgent treatment centre: patients streamed to it, those in it
	// when recording started, those treated and gone home, those of them
	// out within four hours of arrival, and their waits to be seen.
	utcArrivals, utcInStart     int
	utcAttendances, utcWithin4h int
	utcWaitHours                float64
	utcReturned                 int // sent back to ED at closing (at_closing: to_ed)
}

func (t *tally) add(o *tally) {
	t.arrivals += o.arrivals
	t.ambulance += o.ambulance
	t.readmissions += o.readmissions
	t.edAttendances += o.edAttendances
	t.edWithin4h += o.edWithin4h
	t.edOthers += o.edOthers
	t.edArrived += o.edArrived
	t.edInStart += o.edInStart
	t.ed12hArrival += o.ed12hArrival
	t.ed12hDecision += o.ed12hDecision
	t.edSeen += o.edSeen
	t.edSeenAfterWait += o.edSeenAfterWait
	t.edSeenWaitHours += o.edSeenWaitHours
	for i := range t.edSeenBy {
		t.edSeenBy[i] += o.edSeenBy[i]
		t.edSeenWaitBy[i] += o.edSeenWaitBy[i]
	}
	t.handovers += o.handovers
	t.handoverHours += o.handoverHours
	t.handoverOver15 += o.handoverOver15
	t.handoverOver30 += o.handoverOver30
	t.handoverOver60 += o.handoverOver60
	t.sdecAttendances += o.sdecAttendances
	t.sdecSameDay += o.sdecSameDay
	t.sdecDirect += o.sdecDirect
	t.sdecDirectTurnedAway += o.sdecDirectTurnedAway
	t.vwStepUps += o.vwStepUps
	t.vwStepDowns += o.vwStepDowns
	t.vwFallbacks += o.vwFallbacks
	t.admissions += o.admissions
	t.admittedAfterWait += o.admittedAfterWait
	t.discharges += o.discharges
	t.lost += o.lost
	t.left += o.left
	t.deaths += o.deaths
	t.electiveArrivals += o.electiveArrivals
	t.electiveAdmissions += o.electiveAdmissions
	t.electivesCancelled += o.electivesCancelled
	t.hubReferrals += o.hubReferrals
	t.hubStarts += o.hubStarts
	t.hubWaitHours += o.hubWaitHours
	t.hubWaitClockHours += o.hubWaitClockHours
	t.hubWorkHours += o.hubWorkHours
	t.d2aStarts += o.d2aStarts
	t.nctrMidnights += o.nctrMidnights
	t.nctrPatients += o.nctrPatients
	t.emergencyDischarges += o.emergencyDischarges
	t.electiveDischarges += o.electiveDischarges
	t.emergencyStayHours += o.emergencyStayHours
	t.olderDischarges += o.olderDischarges
	t.olderStayHours += o.olderStayHours
	t.electiveStayHours += o.electiveStayHours
	t.weekendPathwayStarts += o.weekendPathwayStarts
	for i := range t.pathwayStarts {
		t.pathwayStarts[i] += o.pathwayStarts[i]
	}
	t.pathwayWaits += o.pathwayWaits
	for i := range t.dischargesBy {
		t.dischargesBy[i] += o.dischargesBy[i]
	}
	t.sameDayBed += o.sameDayBed
	for i := range t.sdecStartsByHour {
		t.sdecStartsByHour[i] += o.sdecStartsByHour[i]
	}
	t.weekendDelayHours += o.weekendDelayHours
	t.inSystemStart += o.inSystemStart
	t.waitHours += o.waitHours
	t.pathwayWaitHours += o.pathwayWaitHours
	t.readyDischarges += o.readyDischarges
	t.lateDischarges += o.lateDischarges
	t.readyWaitHours += o.readyWaitHours
	t.lateWaitHours += o.lateWaitHours
	t.readyFromMidnight += o.readyFromMidnight
	t.weekendDischarges += o.weekendDischarges
	t.roundDeclarations += o.roundDeclarations
	t.roundWaitHours += o.roundWaitHours
	t.escalations += o.escalations
	t.utcArrivals += o.utcArrivals
	t.utcInStart += o.utcInStart
	t.utcAttendances += o.utcAttendances
	t.utcWithin4h += o.utcWithin4h
	t.utcWaitHours += o.utcWaitHours
	t.utcReturned += o.utcReturned
}

// dailyLevels returns, for unit kind k of site s, the levels whose daily
// means fill the occupied, delayed and boarding columns (for beds, delayed
// is nil: it is the sum of the delay reasons; boarding is nil but for beds
// and ed); ok is false if the site has no such unit.
func (s *siteState) dailyLevels(k unitKind, hasVW bool) (occupied, delayed, boarding *stats.Level, ok bool) {
	switch k {
	case unitBeds:
		return &s.beds.inUse, nil, &s.beds.waiting, true
	case unitSDEC:
		if s.sdec != nil {
			return &s.sdec.inUse, &s.sdec.waiting, nil, true
		}
	case unitVW:
		if hasVW {
			return &s.vwPatients, nil, nil, true
		}
	case unitD2A:
		if s.d2a != nil {
			return &s.d2a.inUse, &s.d2a.waiting, nil, true
		}
	case unitHub:
		if s.hub != nil {
			return &s.hub.inUse, &s.hub.waiting, nil, true
		}
	case unitUTC:
		if s.utc != nil {
			return &s.utc.inUse, &s.utc.waiting, nil, true
		}
	case unitED:
		if e := s.ed; e != nil {
			return &e.inSpaces, &e.handover, &e.boarders, true
		}
	default:
		if u := s.pathways[k-unitP1+1]; u != nil {
			return &u.inUse, &u.waiting, nil, true
		}
	}
	return nil, nil, nil, false
}

// closeDay appends the day in progress to the daily rows.
func (m *Model) closeDay() {
	now := float64(m.now())
	length := now - float64(m.dayStartTime())
	if length <= 0 {
		return
	}
	date := m.clock.Start().AddDate(0, 0, m.day).Format(time.DateOnly)
	for i := range m.sites {
		s := &m.sites[i]
		for k := range unitKinds {
			occ, del, brd, ok := s.dailyLevels(k, m.plan.sites[i].vw >= 0)
			if !ok {
				continue
			}
			c := &s.today[k]
			occTotal := occ.Total(now)
			delTotal := 0.0
			if del != nil {
				delTotal = del.Total(now)
			}
			day := Day{
				Day:        m.day,
				Date:       date,
				Site:       m.plan.sites[i].key,
				Unit:       unitNames[k],
				Occupied:   (occTotal - c.occupiedAt) / length,
				Arrivals:   c.arrivals,
				Admissions: c.admissions,
				Discharges: c.discharges,
				Delayed:    (delTotal - c.delayedAt) / length,
			}
			next := dayCount{occupiedAt: occTotal, delayedAt: delTotal}
			if brd != nil {
				boarding := brd.Total(now)
				day.Boarding = (boarding - c.boardingAt) / length
				next.boardingAt = boarding
			}
			if k == unitBeds {
				for r := notDelayed + 1; r < delayReasons; r++ {
					total := s.delays.byReason[r].Total(now)
					day.DelayedBy[r-1] = (total - c.delayedByAt[r]) / length
					day.Delayed += day.DelayedBy[r-1]
					next.delayedByAt[r] = total
				}
			}
			m.daily = append(m.daily, day)
			*c = next
		}
	}
	m.day++
}

// dayStartTime is the simulated time at which the day in progress began
// (time 0 for the first, possibly partial, day).
func (m *Model) dayStartTime() engine.Time {
	if m.day == 0 {
		return 0
	}
	return m.clock.NextMidnight(0) + engine.Time(m.day-1)*engine.Day
}

// siteTotals is what a site (or the system) measured, before it is turned
// into metrics.
type siteTotals struct {
	tally
	occupiedHours, capacityHours, waitingHours float64
	delayedHours, vwHours                      float64
	roundHours                                 float64 // in beds waiting for the ward round
	// vwWardHours and vwCapacityHours are the patient-hours and
	// place-hours of the virtual ward the site uses (every site it serves),
	// or for the system of every ward.
	vwWardHours, vwCapacityHours float64
	// vwCostHours are the virtual-ward place-hours priced to the site:
	// its ward's, shared among the sites it serves by their patient-hours
	// on it; for the system, every ward's.
	vwCostHours                        float64
	utcBusyHours, utcOpenHours         float64 // UTC clinician-hours treating and open
	utcClosedBusyHours                 float64 // UTC clinician-hours treating while closed
	utcInEnd                           int     // in the UTC at the horizon
	sdecChairDays                      float64 // SDEC chair-days open
	delayedHoursBy                     [delayReasons]float64
	hubQueueHours, hubStaffHours       float64 // hub staff-hours on duty
	hubSaturdayHours, hubSundayHours   float64 // the part of hubStaffHours on Saturdays, on Sundays
	d2aHours                           float64
	p95                                float64 // beds in use, 95th percentile over time
	inSystemEnd                        int
	queueEnd                           [4]int     // p1–p3 queues at the horizon
	pathwayHours, pathwayCapacityHours [4]float64 // p1–p3 place-hours in use and available
	unstable                           bool
	// Escalation: the sites with an escalation plan (1 or 0 for a
	// site), the escalation bed-hours open, and the hours at OPEL 2, 3
	// and 4.
	escalatingSites  int
	escalationHours  float64
	escalationLevels [3]float64
	// hasED and edCapacity say whether the site (or any site) has an ED,
	// and one with capacity; corridorHours and the cubicle-hours in use
	// and available are its spaces'.
	hasED, edCapacity                  bool
	corridorHours                      float64
	cubicleHours, cubicleCapacityHours float64
}

// result computes the metrics at the horizon.
func (m *Model) result() *Result {
	now := float64(m.now())
	span := now - float64(m.plan.warmup)
	var all siteTotals
	per := make([][]Metric, 0, len(m.sites)+1)
	for i := range m.sites {
		s := &m.sites[i]
		t := siteTotals{
			tally:         s.tally,
			occupiedHours: s.beds.inUse.Area(now),
			capacityHours: s.beds.capacityHours(engine.Time(now)),
			waitingHours:  s.beds.waiting.Area(now),
			delayedHours:  s.delays.area(now),
			vwHours:       s.vwPatients.Area(now),
			roundHours:    s.roundWaiting.Area(now),
			p95:           s.beds.inUse.Quantile(now, 0.95),
			inSystemEnd:   m.inSystem(siteID(i)),
			unstable:      m.unstable(i),
		}
		if vw := m.plan.sites[i].vw; vw >= 0 {
			t.vwWardHours = m.vws[vw].inUse.Area(now)
			t.vwCapacityHours = m.vws[vw].capacityHours(engine.Time(now))
			if t.vwWardHours > 0 {
				t.vwCostHours = t.vwCapacityHours * t.vwHours / t.vwWardHours
			}
		}
		t.sdecChairDays = m.sdecChairDays(m.plan.sites[i].sdec, engine.Time(now))
		t.hasED = m.plan.sites[i].ed != nil
		if e := s.ed; e != nil {
			t.edCapacity = true
			for _, u := range []*unit{e.majors, e.minors} {
				if u != nil {
					t.cubicleHours += u.inUse.Area(now)
					t.cubicleCapacityHours += u.capacityHours(engine.Time(now))
				}
			}
			if e.corridor != nil {
				t.corridorHours = e.corridor.inUse.Area(now)
			}
		}
		if s.utc != nil {
			t.utcBusyHours = s.utc.inUse.Area(now)
			t.utcOpenHours = m.utcOpenCapacityHours(siteID(i), engine.Time(now))
			t.utcClosedBusyHours = m.utcClosedBusyHours(siteID(i), engine.Time(now))
			t.utcInEnd = s.inUTC()
		}
		for pw := 1; pw <= 3; pw++ {
			if u := s.pathways[pw]; u != nil {
				t.queueEnd[pw] = u.queue.len()
				t.pathwayHours[pw] = u.inUse.Area(now)
				t.pathwayCapacityHours[pw] = u.capacityHours(engine.Time(now))
			}
		}
		for r := range t.delayedHoursBy {
			t.delayedHoursBy[r] = s.delays.byReason[r].Area(now)
		}
		if hp := m.plan.sites[i].hub; hp != nil {
			t.hubQueueHours = s.hub.waiting.Area(now)
			t.hubStaffHours = float64(hp.staff) * float64(hp.workingHours(m.clock, m.plan.warmup, engine.Time(now)))
			sat, sun := hp.weekendHours(m.clock, m.plan.warmup, engine.Time(now))
			t.hubSaturdayHours, t.hubSundayHours = float64(hp.staff)*float64(sat), float64(hp.staff)*float64(sun)
		}
		if s.d2a != nil {
			t.d2aHours = s.d2a.inUse.Area(now)
		}
		if e := s.escalation; e != nil {
			t.escalatingSites = 1
			t.escalationHours = e.extra.Area(now)
			for l := range e.at {
				t.escalationLevels[l] = e.at[l].Area(now)
			}
		}
		per = append(per, metrics(m.plan.sites[i].key, &t, span, m.plan.costs))
		all.add(&t.tally)
		all.occupiedHours += t.occupiedHours
		all.capacityHours += t.capacityHours
		all.waitingHours += t.waitingHours
		all.delayedHours += t.delayedHours
		all.vwHours += t.vwHours
		all.sdecChairDays += t.sdecChairDays
		all.utcBusyHours += t.utcBusyHours
		all.utcOpenHours += t.utcOpenHours
		all.utcClosedBusyHours += t.utcClosedBusyHours
		all.utcInEnd += t.utcInEnd
		all.roundHours += t.roundHours
		for r := range all.delayedHoursBy {
			all.delayedHoursBy[r] += t.delayedHoursBy[r]
		}
		all.hubQueueHours += t.hubQueueHours
		all.hubStaffHours += t.hubStaffHours
		all.hubSaturdayHours += t.hubSaturdayHours
		all.hubSundayHours += t.hubSundayHours
		all.d2aHours += t.d2aHours
		all.inSystemEnd += t.inSystemEnd
		for pw := range all.queueEnd {
			all.queueEnd[pw] += t.queueEnd[pw]
			all.pathwayHours[pw] += t.pathwayHours[pw]
			all.pathwayCapacityHours[pw] += t.pathwayCapacityHours[pw]
		}
		all.unstable = all.unstable || t.unstable
		all.escalatingSites += t.escalatingSites
		all.escalationHours += t.escalationHours
		for l := range all.escalationLevels {
			all.escalationLevels[l] += t.escalationLevels[l]
		}
		all.hasED = all.hasED || t.hasED
		all.edCapacity = all.edCapacity || t.edCapacity
		all.corridorHours += t.corridorHours
		all.cubicleHours += t.cubicleHours
		all.cubicleCapacityHours += t.cubicleCapacityHours
	}
	for _, u := range m.vws {
		all.vwWardHours += u.inUse.Area(now)
		all.vwCapacityHours += u.capacityHours(engine.Time(now))
	}
	all.vwCostHours = all.vwCapacityHours
	// Every site counts the same midnights: the system's NCTR count is the
	// sites' summed at each midnight, not their mean.
	if len(m.sites) > 0 {
		all.nctrMidnights = m.sites[0].nctrMidnights
	}
	// The system's 95th percentile of occupancy is not the sum of the
	// sites', so it has its own level.
	all.p95 = m.occupied.Quantile(now, 0.95)
	per = append(per, metrics(SystemSite, &all, span, m.plan.costs))

	m.closePeriod()
	res := &Result{Daily: m.daily, Events: m.eng.Processed(), Journeys: m.journeys, Census: m.census, Periods: m.periods.done}
	has := map[metric.Section]bool{"": true, metric.WithEscalation: all.escalatingSites > 0, metric.WithUTCToED: m.plan.utcToED(),
		metric.WithUTC: m.plan.hasUTC()}
	for i := range per[0] {
		if !has[metric.ReportedOnlyWith(per[0][i].Name)] {
			continue
		}
		for _, ms := range per {
			res.Metrics = append(res.Metrics, ms[i])
		}
	}
	return res
}

// metrics turns a site's totals over span hours into named metrics
// (DESIGN.md's names where it has them).
func metrics(site string, t *siteTotals, span float64, costs *costPlan) []Metric {
	ratio := func(a, b float64) float64 {
		if b == 0 {
			return math.NaN()
		}
		return a / b
	}
	f := func(n int) float64 { return float64(n) }
	meanCapacity := ratio(t.capacityHours, span)
	unstable := 0.0
	if t.unstable {
		unstable = 1
	}
	ms := []Metric{
		{metric.Arrivals, site, f(t.arrivals)},
		{metric.Readmissions, site, f(t.readmissions)},
		{metric.AmbulanceArrivals, site, f(t.ambulance)},
		{metric.EDAttendances, site, f(t.edAttendances)},
		{metric.ED4hShare, site, ratio(f(t.edWithin4h), f(t.edAttendances))},
		{metric.ED12hFromArrival, site, when(t.edCapacity, f(t.ed12hArrival))},
		{metric.ED12hFromDecision, site, when(t.hasED, f(t.ed12hDecision))},
		{metric.EDSeenHoursMean, site, ratio(t.edSeenWaitHours, f(t.edSeen))},
		{metric.EDCorridorHours, site, when(t.edCapacity, t.corridorHours)},
		{metric.EDCubicleOccupancy, site, ratio(t.cubicleHours, t.cubicleCapacityHours)},
		{metric.HandoverMinutesMean, site, ratio(60*t.handoverHours, f(t.handovers))},
		{metric.HandoverHoursOver15, site, when(t.edCapacity, t.handoverOver15)},
		{metric.HandoverHoursOver30, site, when(t.edCapacity, t.handoverOver30)},
		{metric.HandoverHoursOver60, site, when(t.edCapacity, t.handoverOver60)},
		{metric.AE4hShare, site, ratio(f(t.edWithin4h+t.utcWithin4h), f(t.edAttendances+t.utcAttendances))},
		{metric.UTCArrivals, site, f(t.utcArrivals)},
		{metric.UTCAttendances, site, f(t.utcAttendances)},
		{metric.UTCReturnedToED, site, f(t.utcReturned)},
		{metric.UTC4hShare, site, ratio(f(t.utcWithin4h), f(t.utcAttendances))},
		{metric.UTCWaitMean, site, ratio(t.utcWaitHours, f(t.utcAttendances))},
		{metric.UTCUtilisation, site, ratio(t.utcBusyHours, t.utcOpenHours)},
		{metric.UTCClinicianHours, site, t.utcPaidHours()},
		{metric.SDECAttendances, site, f(t.sdecAttendances)},
		{metric.SDECSameDayDischarges, site, f(t.sdecSameDay)},
		{metric.SDECDirect, site, f(t.sdecDirect)},
		{metric.SDECDirectTurnedAway, site, f(t.sdecDirectTurnedAway)},
		{metric.VWStepUps, site, f(t.vwStepUps)},
		{metric.VWStepDowns, site, f(t.vwStepDowns)},
		{metric.VWAdmissions, site, f(t.vwStepUps + t.vwStepDowns)},
		{metric.VWFallbacks, site, f(t.vwFallbacks)},
		{metric.VWOccupancyMean, site, ratio(t.vwHours, span)},
		{metric.VWUtilisation, site, ratio(t.vwWardHours, t.vwCapacityHours)},
		{metric.Admissions, site, f(t.admissions)},
		{metric.ElectiveArrivals, site, f(t.electiveArrivals)},
		{metric.ElectiveAdmissions, site, f(t.electiveAdmissions)},
		{metric.ElectivesCancelled, site, f(t.electivesCancelled)},
		{metric.Discharges, site, f(t.discharges)},
		{metric.DischargesP0, site, f(t.dischargesBy[0])},
		{metric.DischargesP1, site, f(t.dischargesBy[1])},
		{metric.DischargesP2, site, f(t.dischargesBy[2])},
		{metric.DischargesP3, site, f(t.dischargesBy[3])},
		{metric.SameDayShare, site, ratio(f(t.sdecSameDay+t.sameDayBed), f(t.arrivals))},
		{metric.Lost, site, f(t.lost)},
		{metric.LostShare, site, ratio(f(t.lost), f(t.arrivals))},
		{metric.Left, site, f(t.left)},
		{metric.InSystemStart, site, f(t.inSystemStart)},
		{metric.InSystemEnd, site, f(t.inSystemEnd)},
		{metric.BedDays, site, t.occupiedHours / 24},
		{metric.DelayedBedDays, site, t.delayedHours / 24},
		{metric.DelayedShare, site, ratio(t.delayedHours, t.occupiedHours)},
		{metric.NCTRMean, site, ratio(f(t.nctrPatients), f(t.nctrMidnights))},
		{metric.WeekendDelayedBedDays, site, t.weekendDelayHours / 24},
		{metric.MedicallySafeWaitingMean, site, ratio(t.delayedHours, span)},
		{metric.BedsOccupiedMean, site, ratio(t.occupiedHours, span)},
		{metric.OccupancyMean, site, ratio(t.occupiedHours, t.capacityHours)},
		{metric.OccupancyP95, site, ratio(t.p95, meanCapacity)},
		{metric.QueueMean, site, ratio(t.waitingHours, span)},
		{metric.BoardingHoursMean, site, ratio(t.waitHours, f(t.admissions))},
		{metric.BedWaitShare, site, ratio(f(t.admittedAfterWait), f(t.admissions))},
		{metric.MeanLOSDays, site, ratio(t.emergencyStayHours/24, f(t.emergencyDischarges))},
		{metric.EmergencyLOS65PlusDaysMean, site, ratio(t.olderStayHours/24, f(t.olderDischarges))},
		{metric.ElectiveMeanLOSDays, site, ratio(t.electiveStayHours/24, f(t.electiveDischarges))},
		{metric.Deaths, site, f(t.deaths)},
		{metric.HubReferrals, site, f(t.hubReferrals)},
		{metric.HubWaitHoursMean, site, ratio(t.hubWaitHours, f(t.hubStarts))},
		{metric.HubWaitClockHoursMean, site, ratio(t.hubWaitClockHours, f(t.hubStarts))},
		{metric.HubQueueMean, site, ratio(t.hubQueueHours, span)},
		{metric.HubUtilisation, site, ratio(t.hubWorkHours, t.hubStaffHours)},
		{metric.D2AStarts, site, f(t.d2aStarts)},
		{metric.D2AOccupiedMean, site, ratio(t.d2aHours, span)},
		{metric.WeekendPathwayStarts, site, f(t.weekendPathwayStarts)},
		{metric.P1Starts, site, f(t.pathwayStarts[1])},
		{metric.P2Starts, site, f(t.pathwayStarts[2])},
		{metric.P3Starts, site, f(t.pathwayStarts[3])},
		{metric.PathwayWaitDaysMean, site, ratio(t.pathwayWaitHours/24, f(t.pathwayWaits))},
		{metric.P1QueueEnd, site, f(t.queueEnd[1])},
		{metric.P2QueueEnd, site, f(t.queueEnd[2])},
		{metric.P3QueueEnd, site, f(t.queueEnd[3])},
		{metric.DischargeWaitDaysMean, site, ratio(t.readyWaitHours/24, f(t.readyDischarges))},
		{metric.LateDischargeShare, site, ratio(f(t.lateDischarges), f(t.readyDischarges))},
		{metric.LateDischargeDaysMean, site, ratio(t.lateWaitHours/24, f(t.lateDischarges))},
		{metric.ReadyDischargedShare, site, ratio(f(t.readyFromMidnight), f(t.nctrPatients))},
		{metric.WeekendDischargeShare, site, ratio(f(t.weekendDischarges), f(t.dischargesBy[0]+t.dischargesBy[1]+t.dischargesBy[2]+t.dischargesBy[3]))},
		{metric.P1InUseMean, site, usedOrNaN(t.pathwayHours[1], t.pathwayCapacityHours[1], span)},
		{metric.P2InUseMean, site, usedOrNaN(t.pathwayHours[2], t.pathwayCapacityHours[2], span)},
		{metric.P3InUseMean, site, usedOrNaN(t.pathwayHours[3], t.pathwayCapacityHours[3], span)},
		{metric.P1Utilisation, site, ratio(t.pathwayHours[1], t.pathwayCapacityHours[1])},
		{metric.P2Utilisation, site, ratio(t.pathwayHours[2], t.pathwayCapacityHours[2])},
		{metric.P3Utilisation, site, ratio(t.pathwayHours[3], t.pathwayCapacityHours[3])},
		{metric.Unstable, site, unstable},
	}
	for r := notDelayed + 1; r < delayReasons; r++ {
		ms = append(ms, Metric{delayMetrics[r], site, t.delayedHoursBy[r] / 24})
	}
	ms = append(ms,
		Metric{metric.WardRoundBedDays, site, t.roundHours / 24},
		Metric{metric.WardRoundWaitHoursMean, site, ratio(t.roundWaitHours, f(t.roundDeclarations))},
		Metric{metric.EscalationBedDays, site, t.escalationHours / 24},
		Metric{metric.EscalatedShare, site, ratio(t.escalationLevels[0]+t.escalationLevels[1]+t.escalationLevels[2], span*f(t.escalatingSites))},
		Metric{metric.OPEL2Hours, site, t.escalationLevels[0]},
		Metric{metric.OPEL3Hours, site, t.escalationLevels[1]},
		Metric{metric.OPEL4Hours, site, t.escalationLevels[2]},
		Metric{metric.Escalations, site, f(t.escalations)})
	return append(ms, costMetrics(site, t, costs)...)
}

// when returns x if defined, else NaN: a metric of a part of the model
// the site lacks.
func when(defined bool, x float64) float64 {
	if !defined {
		return math.NaN()
	}
	return x
}

// usedOrNaN returns the mean places in use over span hours, or NaN when the
// unit never had a place (no such service at this site).
func usedOrNaN(inUseHours, capacityHours, span float64) float64 {
	if capacityHours == 0 && inUseHours == 0 {
		return math.NaN()
	}
	return inUseHours / span
}
