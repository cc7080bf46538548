package model

import (
	"math"
	"math/rand/v2"
	"sync"

	"github.com/flowsim/flowsim/sim/census"
	"github.com/flowsim/flowsim/sim/engine"
	"github.com/flowsim/flowsim/sim/rng"
	"github.com/flowsim/flowsim/sim/scenario"
	"github.com/flowsim/flowsim/sim/stats"
)

// Same-instant order: the clock's bookkeeping first, then places are
// released (a bed, a chair, a pathway slot), then patients move on, then new
// patients arrive, so a bed freed at 10:00 is free for a patient who
// arrives at 10:00.
const (
	prioClock engine.Priority = iota
	prioRelease
	prioCare
	prioArrival
)

// Model is one replication of the system: its engine, its units and the
// patients currently in it. Build it with New and call Run once.
type Model struct {
	plan  *Plan
	eng   *engine.Engine
	clock *engine.CachedClock

	places   []placeState
	sites    []siteState
	vws      []*unit
	patients pool
	// occupied counts G&A beds in use across all sites, for the system's
	// occupancy quantiles.
	occupied stats.Level

	// draws is reset per patient and purpose (see rng.Items) so each
	// patient's needs are the same in every scenario run with one seed.
	src   rng.Items
	draws *rand.Rand

	// journeys records completed journeys when RecordJourneys asked for them.
	journeys       []Journey
	recordJourneys bool
	census         []census.Row // the state at Options.CensusDay, when asked for
	// stop, if set, is asked at every midnight whether to give up the
	// replication; stopped says it did.
	stop       func() bool
	stopped    bool
	k          kinds
	censusKeys streamKeys
	day        int // index of the day in progress
	daily      []Day
	// escalated, if set, hears every change of a site's escalation:
	// the time, the patients waiting for a bed at that review, and the
	// escalation beds open from then (a test's independent timeline).
	escalated func(site siteID, t engine.Time, boarding, beds int)
	periods   periods // the financial years' counts, when the plan has any
}

// kinds are the model's event handlers, named after the care process and
// typed by what their argument names.
type kinds struct {
	arrive                                      placeEvent
	edOther, elective, sdecDirect, sdecClose    siteEvent
	edOtherArrive, utcArrive, utcClose          siteEvent
	edWorkedUp, utcEnd                          patientEvent
	readmit, decide, sdecEnd, edAssessed        patientEvent
	medicallySafe, stepDown, referToHub, hubEnd patientEvent
	dischargeHome, pathwayEnd, vwEnd            patientEvent
	pathwayRequest, d2aEnd                      patientEvent
	providerOpens                               providerEvent
	capacityTick, midnight, endWarmup, midpoint clockEvent
	takeCensus                                  clockEvent
	stayOver                                    patientEvent
	escalationReview                            siteEvent
}

// streamKeys name a group of patients' random streams, one per purpose.
type streamKeys struct {
	needs, los, ed, sdec, hub, pathway, vw, p0, accept, d2a uint64
	round                                                   uint64 // place on the ward round, weekend reviews
}

func newStreamKeys(rep rng.Replication, prefix string) streamKeys {
	k := func(s string) uint64 { return rep.Key(prefix + "/" + s) }
	return streamKeys{needs: k("needs"), los: k("los"), ed: k("ed"), sdec: k("sdec"),
		hub: k("hub"), pathway: k("pathway"), vw: k("vw"), p0: k("discharge"),
		accept: k("accept"), d2a: k("d2a"), round: k("ward-round")}
}

type placeState struct {
	arrivals *rand.Rand
	count    uint64
	keys     streamKeys
}

type siteState struct {
	beds       *unit
	sdec       *unit // nil: no SDEC
	hub        *unit // nil: no hub
	pathways   [4]*unit
	d2a        *unit            // nil: no discharge to assess
	escalation *escalationState // nil: no escalation beds
	ed         *edState         // nil: ED without capacity, or none
	unitList   []*unit          // units(), once built
	delays     delays           // medically safe patients still in a bed, by reason
	vwPatients stats.Level      // this site's patients on a virtual ward
	// roundWaiting counts patients in beds whose acute stay is over and
	// who wait for the ward round to declare them medically safe.
	roundWaiting stats.Level

	// queueAt holds the bed queue (index 0) and the p1–p3 queues at the
	// end of the warm-up and half-way through the recorded period, to
	// tell a queue that keeps growing from one that fluctuates.
	queueAt [2][4]int
	// edQueueAt holds, likewise, the patients waiting in an ED with
	// capacity for a space or a clinician.
	edQueueAt [2]int

	edOthersRNG   *rand.Rand
	electivesRNG  *rand.Rand
	electiveCount uint64
	electiveKeys  streamKeys
	directRNG     *rand.Rand
	directCount   uint64
	directKeys    streamKeys
	// utc is the urgent treatment centre's clinicians (nil: none); utcRNG
	// streams ED attendances to it, utcKey names its patients' treatment
	// draws, utcReturnKey the ED needs of those it sends back at closing,
	// and utcCount numbers them.
	utc          *unit
	utcRNG       *rand.Rand
	utcKey       uint64
	utcReturnKey uint64
	utcCount     uint64
	// utcClosedBusy is the clinician-hours the UTC's clinicians spent
	// treating while it was closed, after the warm-up, up to utcChanged,
	// the last time the number treating changed.
	utcClosedBusy float64
	utcChanged    engine.Time
	tally
	today [unitKinds]dayCount
}

// New builds the model of plan for replication rep.
func New(plan *Plan, rep rng.Replication) *Model { return newModel(plan, rep, nil) }

// newModel is New with the buffers of scratch, if not nil, lent to the
// model (Scratch.keep takes them back).
func newModel(plan *Plan, rep rng.Replication, scratch *Scratch) *Model {
	m := &Model{plan: plan, eng: engine.New(1024), clock: plan.clock.Cached()}
	m.draws = rand.New(&m.src)
	m.k = kinds{
		arrive:        m.onPlace("arrive", prioArrival, m.arrive),
		readmit:       m.onPatient("readmit", prioArrival, m.readmitHandler),
		edOther:       m.onSite("ED attendance", prioArrival, m.edOther),
		elective:      m.onSite("elective arrival", prioArrival, m.electiveArrival),
		sdecDirect:    m.onSite("SDEC direct referral", prioArrival, m.sdecDirectArrival),
		decide:        m.onPatient("decide", prioCare, m.decide),
		edOtherArrive: m.onSite("ED attendance arrives", prioArrival, m.otherAttendance),
		edAssessed:    m.onPatient("ED assessment ends", prioRelease, m.edAssessed),
		edWorkedUp:    m.onPatient("ED workup ends", prioCare, m.edDone),
		sdecEnd:       m.onPatient("SDEC episode ends", prioRelease, m.sdecEnd),
		sdecClose:     m.onSite("SDEC closes", prioClock, m.sdecClose),
		utcArrive:     m.onSite("UTC arrival", prioArrival, m.utcArrival),
		utcEnd:        m.onPatient("UTC treatment ends", prioRelease, m.utcEnd),
		utcClose:      m.onSite("UTC closes", prioClock, m.utcClose),
		medicallySafe: m.onPatient("medically safe", prioCare, m.medicallySafe),
		stepDown:      m.onPatient("step down", prioCare, m.stepDownHandler),
		referToHub:    m.onPatient("refer to hub", prioCare, m.referToHub),
		hubEnd:        m.onPatient("hub arranged", prioRelease, m.hubEnd),
		dischargeHome: m.onPatient("discharge home", prioRelease, m.dischargeHome),
		pathwayEnd:    m.onPatient("pathway ends", prioRelease, m.pathwayEnd),
		vwEnd:         m.onPatient("virtual ward ends", prioRelease, m.vwEnd),
		// A provider's window opens before patients ask for places at
		// that instant, so those already waiting go first.
		providerOpens:    m.onProvider("provider opens", prioRelease, m.providerOpens),
		pathwayRequest:   m.onPatient("ask for a p1-p3 place", prioCare, m.requestPathway),
		d2aEnd:           m.onPatient("interim stay ends", prioCare, m.d2aEnd),
		capacityTick:     m.onClock("capacity changes", prioClock, m.capacityTick),
		midnight:         m.onClock("midnight", prioClock, m.midnightHandler),
		endWarmup:        m.onClock("end of warm-up", prioClock, m.startRecording),
		midpoint:         m.onClock("midpoint", prioClock, func() { m.snapshotQueues(1) }),
		takeCensus:       m.onClock("census", prioClock, m.takeCensus),
		stayOver:         m.onPatient("acute stay over", prioCare, m.stayOver),
		escalationReview: m.onSite("escalation review", prioClock, m.reviewEscalation),
	}

	m.censusKeys = newStreamKeys(rep, "census")
	for _, p := range plan.places {
		m.places = append(m.places, placeState{
			arrivals: rep.Stream("arrivals/" + p.key),
			keys:     newStreamKeys(rep, "patient/"+p.key),
		})
	}
	for _, v := range plan.vws {
		m.vws = append(m.vws, newUnit(v.key, v.capacity, nil))
	}
	for _, sp := range plan.sites {
		s := siteState{beds: newUnit("beds", sp.beds.Capacity, sp.beds.Schedule)}
		if sp.sdec != nil {
			s.sdec = newUnit("sdec", sp.sdec.chairs, sp.sdec.schedule)
			if sp.sdec.direct > 0 {
				s.directRNG = rep.Stream("sdec-direct/" + sp.key)
				s.directKeys = newStreamKeys(rep, "sdec-direct/"+sp.key)
			}
		}
		if sp.hub != nil {
			s.hub = newUnit("hub", sp.hub.staff, nil)
		}
		if sp.utc != nil {
			s.utc = newUnit("utc", sp.utc.capacity, sp.utc.schedule)
			s.utcRNG = rep.Stream("utc/" + sp.key)
			s.utcKey = rep.Key("utc-patient/" + sp.key)
			s.utcReturnKey = rep.Key("utc-to-ed/" + sp.key)
		}
		if sp.d2a != nil {
			s.d2a = newUnit("d2a", sp.d2a.capacity, sp.d2a.schedule)
		}
		for i, pw := range sp.pathways {
			if pw != nil {
				s.pathways[i] = newUnit(scenario.PathwayNames[i], pw.capacity, pw.schedule)
			}
		}
		if sp.escalation != nil {
			s.escalation = &escalationState{}
		}
		switch {
		case sp.ed != nil && sp.ed.capacity != nil:
			s.ed = newEDState(sp.ed.capacity, rep, sp.key)
		case sp.ed != nil && sp.ed.others > 0:
			s.edOthersRNG = rep.Stream("ed-others/" + sp.key)
		}
		if sp.electives != nil {
			s.electivesRNG = rep.Stream("electives/" + sp.key)
			s.electiveKeys = newStreamKeys(rep, "elective/"+sp.key)
		}
		m.sites = append(m.sites, s)
	}
	m.reserveDaily(scratch)
	return m
}

// reserveDaily sizes the daily rows for the whole run at once: one per
// day (the first and last may be partial) per unit of each site, so that
// the slice never grows and is copied while the model runs. With a
// scratch it takes the scratch's patient records, and its daily rows if
// they are enough.
func (m *Model) reserveDaily(scratch *Scratch) {
	perDay := 0
	for i := range m.sites {
		for k := range unitKinds {
			if _, _, _, ok := m.sites[i].dailyLevels(k, m.plan.sites[i].vw >= 0); ok {
				perDay++
			}
		}
	}
	days := int(m.plan.horizon/engine.Day) + 2
	if scratch != nil {
		m.patients.records, m.patients.free = scratch.records[:0], scratch.free[:0]
		scratch.records, scratch.free = nil, nil
		if cap(scratch.daily) >= days*perDay {
			m.daily, scratch.daily = scratch.daily[:0], nil
			return
		}
	}
	m.daily = make([]Day, 0, days*perDay)
}

// Run builds and runs one replication of sc. For many replications,
// Prepare once and call RunPlan.
func Run(sc *scenario.Scenario, rep rng.Replication) (*Result, error) {
	plan, err := Prepare(sc)
	if err != nil {
		return nil, err
	}
	return RunPlan(plan, rep, Options{}), nil
}

// Options select optional outputs of a replication.
type Options struct {
	// Journeys keeps one record per completed patient journey.
	Journeys bool
	// Census records in Result.Census the state of the system at the
	// midnight that starts day CensusDay (days since the start date; it
	// must be before the horizon).
	Census    bool
	CensusDay int
	// Scratch, if not nil, lends the replication the memory of earlier
	// ones run with it (see Scratch).
	Scratch *Scratch
}

// Scratch keeps the large buffers of finished replications — the patient
// records and the daily rows — for the next replication run with it, so
// that a long run of replications on one goroutine reuses its memory
// instead of asking the allocator (and the operating system) for a few
// megabytes each time. Results do not depend on it. The zero value is
// ready; one Scratch serves one replication at a time.
type Scratch struct {
	records []patient
	free    []patientID
	daily   []Day
}

// Scratches is a free list of Scratch for replications run on several
// goroutines at once: each takes one, runs, and puts it back, so the
// memory of the largest replications so far is kept (one Scratch a
// goroutine) however often the garbage collector runs, which a
// sync.Pool would let it reclaim. The zero value is ready.
type Scratches struct {
	mu   sync.Mutex
	free []*Scratch
}

// Get returns a Scratch no one else is using.
func (p *Scratches) Get() *Scratch {
	p.mu.Lock()
	defer p.mu.Unlock()
	if n := len(p.free); n > 0 {
		s := p.free[n-1]
		p.free = p.free[:n-1]
		return s
	}
	return &Scratch{}
}

// Put gives s back for a later Get.
func (p *Scratches) Put(s *Scratch) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.free = append(p.free, s)
}

// Release hands res's daily rows back to s for a later replication: res
// must not be read after (its Daily is emptied).
func (s *Scratch) Release(res *Result) {
	if s != nil && res != nil && cap(res.Daily) > cap(s.daily) {
		s.daily = res.Daily[:0]
		res.Daily = nil
	}
}

// keep takes back m's patient records once its replication is over.
func (s *Scratch) keep(m *Model) {
	if s != nil {
		s.records, s.free = m.patients.records[:0], m.patients.free[:0]
		m.patients = pool{}
	}
}

// RunPlan runs one replication of plan.
func RunPlan(plan *Plan, rep rng.Replication, opt Options) *Result {
	res, _ := RunPlanUntil(plan, rep, opt, nil)
	return res
}

// RunPlanUntil runs one replication of plan like RunPlan, but asks stop at
// every simulated midnight whether to give up: a replication of many
// simulated years then ends within a simulated day of being asked to (an
// interrupted batch). It returns the result and true, or nil and false if
// stop said to give up; a nil stop never does.
func RunPlanUntil(plan *Plan, rep rng.Replication, opt Options, stop func() bool) (*Result, bool) {
	m := newModel(plan, rep, opt.Scratch)
	defer opt.Scratch.keep(m)
	if opt.Journeys {
		m.RecordJourneys()
	}
	if opt.Census {
		if t := engine.Time(opt.CensusDay) * engine.Day; t >= 0 && t < plan.horizon {
			m.atClock(t, m.k.takeCensus)
		}
	}
	m.stop = stop
	return m.run()
}

// Run simulates from time 0 to the horizon and returns what happened after
// the warm-up.
func (m *Model) Run() *Result {
	res, _ := m.run()
	return res
}

// run simulates from time 0 to the horizon, asking m.stop at every
// midnight whether to give up; it returns the result and true, or nil and
// false if it gave up.
func (m *Model) run() (*Result, bool) {
	m.start()
	m.eng.RunUntil(m.plan.horizon)
	if m.stopped {
		return nil, false
	}
	return m.finish(), true
}

// start puts the census in beds and books the first events.
func (m *Model) start() {
	end := m.plan.horizon
	m.admitCensus()
	for i := range m.places {
		m.scheduleArrival(placeID(i))
	}
	for i, sp := range m.plan.sites {
		if m.sites[i].edOthersRNG != nil {
			m.atSite(0, m.k.edOther, siteID(i))
		}
		if e := m.sites[i].ed; e != nil && e.othersRNG != nil && sp.ed.others > 0 {
			m.scheduleOtherAttendance(siteID(i))
		}
		if m.sites[i].electivesRNG != nil {
			m.scheduleElective(siteID(i))
		}
		if sp.sdec != nil && sp.sdec.wait {
			m.scheduleSDECClose(siteID(i))
		}
		if sp.utc != nil && sp.utc.toED {
			m.scheduleUTCClose(siteID(i))
		}
		if m.sites[i].directRNG != nil {
			m.scheduleSDECDirect(siteID(i))
		}
		for pw := int8(1); pw <= 3; pw++ {
			if pp := sp.pathways[pw]; pp != nil && pp.accepts != nil {
				m.scheduleProviderOpening(siteID(i), pw)
			}
		}
	}
	if m.anyScheduled() {
		m.atClock(m.nextCapacityTick(0), m.k.capacityTick)
		m.applyCapacity()
	}
	for i, sp := range m.plan.sites {
		if sp.escalation != nil {
			m.atSite(0, m.k.escalationReview, siteID(i))
		}
	}
	if first := m.clock.NextMidnight(0); first < end {
		m.atClock(first, m.k.midnight)
	}
	if m.plan.warmup > 0 {
		m.atClock(m.plan.warmup, m.k.endWarmup)
	} else {
		m.startRecording()
	}
	m.atClock((m.plan.warmup+end)/2, m.k.midpoint)
}

// finish closes the last day and computes the results.
func (m *Model) finish() *Result {
	m.closeDay()
	return m.result()
}

func (m *Model) now() engine.Time { return m.eng.Now() }

func (m *Model) recording() bool { return m.eng.Now() >= m.plan.warmup }

// patientDraws returns the generator for one purpose of one patient, for
// sampling distributions.
func (m *Model) patientDraws(key, seq uint64) *rand.Rand {
	m.src.Reset(key, seq)
	return m.draws
}

// patientUniforms returns the same stream as patientDraws, for purposes
// that need only uniforms (Float64): called directly, not through
// rand.Source.
func (m *Model) patientUniforms(key, seq uint64) *rng.Items {
	m.src.Reset(key, seq)
	return &m.src
}

// keysOf returns the stream keys of patient p's group.
func (m *Model) keysOf(p *patient) *streamKeys {
	switch {
	case p.place < 0 && !p.edOther:
		// A census patient (an elective one too: its stays must not
		// share the streams of the site's elective arrivals).
		return &m.censusKeys
	case p.elective:
		return &m.sites[p.site].electiveKeys
	case p.direct:
		return &m.sites[p.site].directKeys
	case p.edOther:
		return &m.sites[p.site].ed.othersKeys
	}
	return &m.places[p.place].keys
}

// startRecording zeroes the statistics at the end of the warm-up, noting who
// is already in the system so patients are conserved across the cut.
func (m *Model) startRecording() {
	now := m.now()
	for i := range m.sites {
		s := &m.sites[i]
		s.tally = tally{inSystemStart: m.inSystem(siteID(i)), utcInStart: s.inUTC()}
		if s.ed != nil {
			s.edInStart = m.inEDNow(siteID(i))
		}
		for _, u := range s.units() {
			u.resetStats(now)
		}
		s.delays.reset(float64(now))
		s.vwPatients.Reset(float64(now))
		s.roundWaiting.Reset(float64(now))
		s.escalation.reset(float64(now))
	}
	m.snapshotQueues(0)
	for _, u := range m.vws {
		u.resetStats(now)
	}
	m.occupied.Reset(float64(now))
	m.markPeriod(0)
}

// units lists a site's units that exist, built once (capacity ticks
// every hour read it).
func (s *siteState) units() []*unit {
	if s.unitList == nil {
		s.unitList = s.listUnits()
	}
	return s.unitList
}

// listUnits lists a site's units that exist.
func (s *siteState) listUnits() []*unit {
	us := []*unit{s.beds}
	for _, u := range []*unit{s.sdec, s.hub, s.pathways[1], s.pathways[2], s.pathways[3], s.d2a, s.utc} {
		if u != nil {
			us = append(us, u)
		}
	}
	if s.ed != nil {
		us = append(us, s.ed.units()...)
	}
	return us
}

// inSystem counts the emergency patients of site i anywhere in the
// system (not the UTC's, who are counted apart).
func (m *Model) inSystem(site siteID) int {
	n := 0
	for i := range m.patients.records {
		p := &m.patients.records[i]
		if p.at != nowhere && p.at != waitingUTC && p.at != inUTC && p.site == site && !p.direct && !p.edOther {
			n++
		}
	}
	return n
}

func (m *Model) anyScheduled() bool {
	for i := range m.sites {
		for _, u := range m.sites[i].units() {
			if u.scheduled() {
				return true
			}
		}
	}
	return false
}

// capacityTick re-reads every schedule on the hour, and at the edges of
// schedule windows that are not on the hour.
func (m *Model) capacityTick() {
	m.applyCapacity()
	if next := m.nextCapacityTick(m.now()); next < m.plan.horizon {
		m.atClock(next, m.k.capacityTick)
	}
}

// nextCapacityTick returns the first time after now at which a schedule
// may change a capacity: the next hour, or sooner the next edge of a
// window off the hour (see Plan.scheduleEdges).
func (m *Model) nextCapacityTick(now engine.Time) engine.Time {
	next := m.clock.NextHour(now)
	edges := m.plan.scheduleEdges
	if len(edges) == 0 {
		return next
	}
	midnight := now - engine.Time(m.clock.HourOfDay(now))
	for day := range 2 {
		for _, e := range edges {
			// Edges are minutes apart, far more than the margin that
			// keeps a tick from booking itself again at its own time.
			if t := midnight + engine.Time(24*day) + engine.Time(e); t > now+scenario.ClockSlack/4 {
				return min(next, t)
			}
		}
	}
	return next
}

// applyCapacity sets scheduled capacities and lets waiting patients start
// where capacity grew.
func (m *Model) applyCapacity() {
	now := m.now()
	for i := range m.sites {
		s := &m.sites[i]
		for _, u := range s.units() {
			if !u.scheduled() {
				continue
			}
			old := u.capacity
			u.setCapacity(now, u.capacityAt(m.clock, now)+u.extra)
			if u.capacity != old {
				// More room starts those waiting; less may change what
				// the patients queueing for a pathway wait for.
				m.startWaiting(siteID(i), u)
			}
		}
	}
}

// startWaiting starts as many queued patients at unit u of site as it now
// has room for.
func (m *Model) startWaiting(site siteID, u *unit) {
	s := &m.sites[site]
	switch u {
	case s.beds:
		m.admitNext(site)
	case s.sdec:
		m.startNextSDEC(site)
	case s.d2a:
		m.startNextD2A(site)
	case s.utc:
		m.startNextUTC(site)
	case s.pathways[1], s.pathways[2], s.pathways[3]:
		for pw := int8(1); pw <= 3; pw++ {
			if u == s.pathways[pw] {
				m.transferNext(site, pw)
			}
		}
	}
	if e := s.ed; e != nil {
		switch u {
		case e.majors:
			m.fillSpace(site, inMajors)
		case e.minors:
			m.fillSpace(site, inMinors)
		case e.clinicians:
			m.seeNext(site)
		}
	}
}

// midnightHandler closes the day's counts, takes the midnight count of
// medically safe patients still in beds (the NCTR count) and schedules the
// next midnight.
func (m *Model) midnightHandler() {
	if m.stop != nil && m.stop() {
		m.stopped = true
		m.eng.Stop()
		return
	}
	m.closeDay()
	m.periodMidnight()
	if m.recording() {
		for i := range m.sites {
			s := &m.sites[i]
			s.nctrMidnights++
			s.nctrPatients += s.delays.count()
		}
	}
	if next := m.clock.NextMidnight(m.now()); next < m.plan.horizon {
		m.atClock(next, m.k.midnight)
	}
}

// snapshotQueues records every site's bed and pathway queues in slot i.
func (m *Model) snapshotQueues(i int) {
	for k := range m.sites {
		s := &m.sites[k]
		s.queueAt[i] = s.queueLengths()
		if s.ed != nil {
			s.edQueueAt[i] = s.ed.waiting()
		}
	}
}

// queueLengths returns the bed queue and the p1–p3 queues.
func (s *siteState) queueLengths() [4]int {
	q := [4]int{s.beds.queue.len()}
	for pw := 1; pw <= 3; pw++ {
		if u := s.pathways[pw]; u != nil {
			q[pw] = u.queue.len()
		}
	}
	return q
}

// unstable reports whether a queue at site i cannot settle (the ED's
// waits for a space or a clinician among them): a pathway
// with no capacity at any time that patients are referred to, or a queue
// that grew clearly in both halves of the recorded period (by more than
// five Poisson standard deviations plus twenty patients each time, so that
// a near-critical queue's wander or a winter peak is not mistaken for
// growth without bound). Averages over such a run describe its length, not
// a steady state.
func (m *Model) unstable(i int) bool {
	s := &m.sites[i]
	for pw := 1; pw <= 3; pw++ {
		u := s.pathways[pw]
		if u != nil && u.everZero() && (u.queue.len() > 0 || s.pathwayStarts[pw] > 0) {
			return true
		}
	}
	end := s.queueLengths()
	grew := func(a, b int) bool { return float64(b-a) > 5*math.Sqrt(float64(a)+1)+20 }
	for q := range end {
		if grew(s.queueAt[0][q], s.queueAt[1][q]) && grew(s.queueAt[1][q], end[q]) {
			return true
		}
	}
	if s.ed != nil && grew(s.edQueueAt[0], s.edQueueAt[1]) && grew(s.edQueueAt[1], s.ed.waiting()) {
		return true
	}
	return false
}

// RecordJourneys makes the model keep one Journey per completed patient
// journey (memory grows with patients; off by default).
func (m *Model) RecordJourneys() { m.recordJourneys = true }

// recordJourney notes patient p's completed journey.
func (m *Model) recordJourney(p *patient, route string) {
	if !m.recordJourneys || p.direct || p.edOther || p.arrived < m.plan.warmup {
		return
	}
	j := Journey{Seq: p.seq, Site: m.plan.sites[p.site].key, Pathway: int(p.pathway), Route: route,
		Arrived: float64(p.arrived) / 24, LOSDays: float64(p.bedHours) / 24, Outcome: "home", PathwayStart: math.NaN(),
		Times: journeyTimes(p, m.now())}
	if !math.IsNaN(j.Times.BedStart) {
		j.BoardingDays = float64(p.admitted-p.queued) / 24
		if !math.IsNaN(j.Times.MedicallySafe) && p.timeOf(stampBedLeft) > j.Times.MedicallySafe {
			j.DelayedDays = (p.timeOf(stampBedLeft) - j.Times.MedicallySafe) / 24
		}
	}
	switch {
	case p.dies:
		j.Outcome = "died"
	case p.pathway > 0:
		j.Outcome = scenario.PathwayNames[p.pathway]
		j.PathwayStart = float64(p.pathwayAt) / 24
	}
	switch {
	case p.elective:
		j.Place, j.Cohort = "elective", "elective"
	case p.place < 0:
		j.Place, j.Cohort = "census", m.plan.cohorts[p.cohort].key
	default:
		j.Place, j.Cohort = m.plan.places[p.place].key, m.plan.cohorts[p.cohort].key
	}
	m.journeys = append(m.journeys, j)
}

// journeyTimes returns p's event times at the end of its journey, now.
func journeyTimes(p *patient, now engine.Time) JourneyTimes {
	nan := math.NaN()
	t := JourneyTimes{Arrival: float64(p.arrived), Decision: p.timeOf(stampDecided),
		SDECStart: p.timeOf(stampSDECStart), SDECEnd: p.timeOf(stampSDECEnd), BedStart: nan,
		MedicallySafe: nan, HubReferral: nan, HubDecision: p.timeOf(stampHubDone), PathwayStart: nan, End: float64(now)}
	if p.bedHours > 0 {
		t.BedStart = float64(p.admitted)
	}
	if p.safe {
		t.MedicallySafe = float64(p.safeAt)
	}
	if p.referred {
		t.HubReferral = float64(p.referredAt)
	}
	if p.pathway > 0 && !p.dies {
		t.PathwayStart = float64(p.pathwayAt)
	}
	return t
}
