package model

import (
	"math"

	"github.com/flowsim/flowsim/sim/engine"
)

// where a patient is, for conservation checks and census counts.
type where uint8

const (
	nowhere       where = iota // record free, or awaiting readmission in the community
	inED                       // in ED: waiting for a space, to be seen, or being assessed
	waitingSDEC                // suitable for SDEC, queueing for a chair
	inSDEC                     // in an SDEC chair
	boarding                   // decision made, waiting for a G&A bed
	inBed                      // in a G&A bed
	onVirtualWard              // on a virtual ward
	onPathway                  // using a p1–p3 service after leaving the bed
	inD2A                      // in a discharge-to-assess place, out of the acute bed
	waitingUTC                 // streamed to the urgent treatment centre, waiting to be seen
	inUTC                      // being treated in the urgent treatment centre
)

// patient is one journey through the system. Records live in a pool indexed
// by patientID so events can carry a patient without allocating.
type patient struct {
	seq       uint64  // arrival number at its place; names its random streams
	place     placeID // -1: from the census
	site      siteID
	cohort    int16
	pathway   int8 // 0..3
	at        where
	elective  bool
	direct    bool // referred straight to SDEC, not an emergency admission
	edOther   bool // an ED attendance that will not be admitted (ED with capacity)
	minor     bool // an other attendance streamed to minors
	ambulance bool // came by ambulance: handed over when ED takes them
	edDone    bool // left ED (the four-hour clock has stopped)
	viaSDEC   bool // had an SDEC episode
	viaVW     bool // was on a virtual ward
	dies      bool // will die in hospital at the end of the acute stay
	safe      bool // medically safe for transfer
	referred  bool // referred to the transfer-of-care hub
	hubDone   bool // transfer of care arranged (p1–p3)
	assessing bool // a hub team member is working on the referral
	d2aDone   bool // the shortest discharge-to-assess stay is over
	asked     bool // asked their p1–p3 provider for a place
	// awaitingRound: the acute stay is over and the patient waits for the
	// ward round to declare them medically safe (safeAt holds when the
	// stay ended until then).
	awaitingRound bool
	// reviewer declares the end of the acute stay medically safe, decided
	// from the whole stay when it is planned.
	reviewer reviewer
	delay    delayReason
	// triage is the ED triage category (0 most urgent) and space where in
	// ED the patient is (an ED with capacity).
	triage   int8
	space    space
	readmits uint8

	// Needs drawn at arrival, so the same patient has the same needs in
	// every scenario run with one seed.
	uSDEC, uStepUp, uStepDown, uSameDay, uReadmit, uReadmitDelay float64
	uDeath, uFresh                                               float64

	arrived engine.Time
	// treatment is the clinician's time with the patient in an ED with
	// capacity, before any slowing by crowding.
	treatment engine.Time
	workup    engine.Time // then in their space without a clinician
	queued    engine.Time // started waiting for a bed
	admitted  engine.Time
	safeAt    engine.Time
	bedHours  engine.Time // time spent in a G&A bed
	// referredAt is when the hub referral was made; pathwayAt when the
	// p1–p3 support started (set when it does; read only for patients
	// who needed it, at the end of their journey).
	referredAt, pathwayAt engine.Time
	// since is when the patient entered the virtual ward, interim place
	// or p1–p3 service they are in; hubStartAt when the hub began work on
	// their referral.
	since, hubStartAt engine.Time
	// hubHoursDone is the hub working time a census patient's assessment
	// had already taken at time zero.
	hubHoursDone engine.Time
	// stamps are the times of a journey's events that only patients.csv
	// reads; stamped says which are set.
	stamps  [numStamps]engine.Time
	stamped uint8
}

// stamp names an event of a journey kept for patients.csv.
type stamp uint8

const (
	stampDecided   stamp = iota // ED decision: SDEC, a virtual ward or a bed
	stampSDECStart              // an SDEC chair
	stampSDECEnd                // the end of the SDEC episode
	stampHubDone                // the hub arranged the discharge
	stampBedLeft                // left the G&A bed
	numStamps
)

// mark records that event k of p's journey happened at t.
func (p *patient) mark(k stamp, t engine.Time) {
	p.stamps[k] = t
	p.stamped |= 1 << k
}

// timeOf returns the time of event k in hours, or NaN if it did not happen.
func (p *patient) timeOf(k stamp) float64 {
	if p.stamped&(1<<k) == 0 {
		return math.NaN()
	}
	return float64(p.stamps[k])
}

// pool hands out patient records and takes them back when a journey ends.
type pool struct {
	records []patient
	free    []patientID
}

func (p *pool) get() patientID {
	if n := len(p.free); n > 0 {
		i := p.free[n-1]
		p.free = p.free[:n-1]
		return i
	}
	p.records = append(p.records, patient{})
	return patientID(len(p.records) - 1)
}

func (p *pool) put(i patientID) {
	p.records[i] = patient{}
	p.free = append(p.free, i)
}
