package model

import (
	"fmt"
	"math/rand/v2"
	"slices"

	"github.com/flowsim/flowsim/sim/dist"
	"github.com/flowsim/flowsim/sim/engine"
	"github.com/flowsim/flowsim/sim/rng"
	"github.com/flowsim/flowsim/sim/scenario"
	"github.com/flowsim/flowsim/sim/stats"
)

// Same-instant order: the day closes first, then beds are released, then new
// patients claim them, so a bed freed at 10:00 is free for a patient who
// arrives at 10:00.
const (
	prioClock engine.Priority = iota
	prioRelease
	prioArrival
)

// Model is one replication of the system: its engine, its places and sites,
// and the patients currently in it. Build it with New and call Run once.
type Model struct {
	eng     *engine.Engine
	clock   engine.Clock
	horizon engine.Time
	warmup  engine.Time

	places   []*place
	sites    []*site
	patients pool
	// occupied counts G&A beds in use across all sites, for the system's
	// occupancy quantiles.
	occupied stats.Level

	// draws is reseeded per patient and purpose (see rng.Reseed) so each
	// patient's needs are the same in every scenario run with one seed.
	src   rand.PCG
	draws *rand.Rand

	arrive, discharge, midnight, endWarmup engine.Kind

	day   int // index of the day in progress
	daily []Day
}

// place is a population sending emergency patients, with its own arrival
// stream and the shares it sends to each site.
type place struct {
	key      string
	index    int16
	rate     float64 // arrivals per hour
	arrivals *rand.Rand
	count    uint64 // patients generated so far; the next patient's seq
	routeKey uint64
	losKey   uint64
	cumShare []float64 // cumulative shares over sites
	siteOf   []int16   // site index for each share
}

// site is an acute hospital and the counters it reports.
type site struct {
	key  string
	beds beds
	tally
	today dayCount
}

// tally counts a site's patients after the warm-up.
type tally struct {
	arrivals, admissions, discharges, lost int
	inSystemStart                          int
	waitHours, stayHours                   float64
}

// dayCount counts a site's patients during the day in progress.
type dayCount struct {
	arrivals, admissions, discharges int
	occupiedAtStart                  float64 // beds' Total at the day's start
}

// beds is a pool of identical beds with a FIFO queue in front: the server
// that every admitted patient must seize.
type beds struct {
	capacity int
	loses    bool // a patient who finds every bed taken is turned away
	los      dist.Distribution
	queue    fifo
	occupied stats.Level // beds in use
	waiting  stats.Level // patients queueing for a bed
}

// New builds the model of sc for replication rep. sc must be a loaded,
// validated scenario.
func New(sc *scenario.Scenario, rep rng.Replication) (*Model, error) {
	m := &Model{
		eng:     engine.New(1024),
		clock:   engine.NewClock(sc.Start.Time()),
		horizon: engine.Time(sc.Horizon),
		warmup:  engine.Time(sc.Warmup),
	}
	m.draws = rand.New(&m.src)

	siteKeys := sortedKeys(sc.Sites)
	siteIndex := make(map[string]int16, len(siteKeys))
	for i, k := range siteKeys {
		s := sc.Sites[k]
		los, err := NewDistribution(s.Beds.LOS)
		if err != nil {
			return nil, fmt.Errorf("sites.%s.beds.los: %w", k, err)
		}
		m.sites = append(m.sites, &site{key: k, beds: beds{
			capacity: s.Beds.Capacity,
			loses:    s.Beds.WhenFull == scenario.WhenFullLost,
			los:      los,
		}})
		siteIndex[k] = int16(i)
	}
	for i, k := range sortedKeys(sc.Places) {
		p := sc.Places[k]
		pl := &place{
			key:      k,
			index:    int16(i),
			rate:     float64(p.Arrivals),
			arrivals: rep.Stream("arrivals/" + k),
			routeKey: rep.Key("patient/" + k + "/route"),
			losKey:   rep.Key("patient/" + k + "/los"),
		}
		shares := p.Sites
		if len(shares) == 0 && len(siteKeys) == 1 {
			shares = map[string]float64{siteKeys[0]: 1}
		}
		cum := 0.0
		for _, sk := range sortedKeys(shares) {
			si, ok := siteIndex[sk]
			if !ok {
				return nil, fmt.Errorf("places.%s.sites: unknown site %q", k, sk)
			}
			cum += shares[sk]
			pl.cumShare = append(pl.cumShare, cum)
			pl.siteOf = append(pl.siteOf, si)
		}
		if len(pl.siteOf) == 0 {
			return nil, fmt.Errorf("places.%s.sites: no site to send patients to", k)
		}
		m.places = append(m.places, pl)
	}

	m.arrive = m.eng.Register("arrive", prioArrival, m.arriveHandler)
	m.discharge = m.eng.Register("discharge", prioRelease, m.dischargeHandler)
	m.midnight = m.eng.Register("midnight", prioClock, m.midnightHandler)
	m.endWarmup = m.eng.Register("end of warm-up", prioClock, func(int32) { m.startRecording() })
	return m, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Run simulates from time 0 to the horizon and returns what happened after
// the warm-up.
func (m *Model) Run() *Result {
	for _, p := range m.places {
		m.eng.After(engine.Time(p.arrivals.ExpFloat64()/p.rate), m.arrive, int32(p.index))
	}
	if first := m.clock.NextMidnight(0); first < m.horizon {
		m.eng.At(first, m.midnight, 0)
	}
	if m.warmup > 0 {
		m.eng.At(m.warmup, m.endWarmup, 0)
	} else {
		m.startRecording()
	}
	m.eng.RunUntil(m.horizon)
	m.closeDay()
	return m.result()
}

// Run builds and runs one replication of sc.
func Run(sc *scenario.Scenario, rep rng.Replication) (*Result, error) {
	m, err := New(sc, rep)
	if err != nil {
		return nil, err
	}
	return m.Run(), nil
}

// startRecording zeroes the statistics at the end of the warm-up, noting who
// is already in the system so patients are conserved across the cut.
func (m *Model) startRecording() {
	now := float64(m.eng.Now())
	for _, s := range m.sites {
		s.tally = tally{inSystemStart: s.beds.occupied.Value() + s.beds.queue.len()}
		s.beds.occupied.Reset(now)
		s.beds.waiting.Reset(now)
	}
	m.occupied.Reset(now)
}

func (m *Model) recording() bool { return m.eng.Now() >= m.warmup }

// arriveHandler: a patient from a place arrives at a site's front door.
func (m *Model) arriveHandler(placeIndex int32) {
	pl := m.places[placeIndex]
	m.eng.After(engine.Time(pl.arrivals.ExpFloat64()/pl.rate), m.arrive, placeIndex)

	id := m.patients.get()
	p := &m.patients.records[id]
	p.place, p.seq, p.arrived = pl.index, pl.count, m.eng.Now()
	pl.count++
	p.site = pl.chooseSite(m.patientDraws(pl.routeKey, p.seq).Float64())

	s := m.sites[p.site]
	s.today.arrivals++
	if m.recording() {
		s.arrivals++
	}
	m.requestBed(id)
}

// chooseSite maps a uniform draw to a site by the place's shares.
func (pl *place) chooseSite(u float64) int16 {
	for i, c := range pl.cumShare {
		if u < c {
			return pl.siteOf[i]
		}
	}
	return pl.siteOf[len(pl.siteOf)-1]
}

// patientDraws returns the generator for one purpose of one patient.
func (m *Model) patientDraws(key, seq uint64) *rand.Rand {
	rng.Reseed(&m.src, key, seq)
	return m.draws
}

// requestBed: the patient needs a G&A bed; admit now, queue, or turn away.
func (m *Model) requestBed(id int32) {
	p := &m.patients.records[id]
	s := m.sites[p.site]
	now := m.eng.Now()
	switch {
	case s.beds.occupied.Value() < s.beds.capacity:
		p.queued = now
		m.admit(id)
	case s.beds.loses:
		if m.recording() {
			s.lost++
		}
		m.patients.put(id)
	default:
		p.queued = now
		s.beds.queue.push(id)
		s.beds.waiting.Add(float64(now), 1)
	}
}

// admit: the patient takes a bed for their length of stay.
func (m *Model) admit(id int32) {
	p := &m.patients.records[id]
	s := m.sites[p.site]
	now := m.eng.Now()
	p.admitted = now
	s.beds.occupied.Add(float64(now), 1)
	m.occupied.Add(float64(now), 1)
	s.today.admissions++
	if m.recording() {
		s.admissions++
		s.waitHours += float64(now - p.queued)
	}
	pl := m.places[p.place]
	stay := s.beds.los.Sample(m.patientDraws(pl.losKey, p.seq))
	m.eng.After(engine.Time(stay), m.discharge, id)
}

// dischargeHandler: the patient leaves; the bed goes to the next in line.
func (m *Model) dischargeHandler(id int32) {
	p := &m.patients.records[id]
	s := m.sites[p.site]
	now := m.eng.Now()
	s.beds.occupied.Add(float64(now), -1)
	m.occupied.Add(float64(now), -1)
	s.today.discharges++
	if m.recording() {
		s.discharges++
		s.stayHours += float64(now - p.admitted)
	}
	m.patients.put(id)
	if s.beds.queue.len() > 0 {
		next := s.beds.queue.pop()
		s.beds.waiting.Add(float64(now), -1)
		m.admit(next)
	}
}

// midnightHandler closes the day's counts and schedules the next midnight.
func (m *Model) midnightHandler(int32) {
	m.closeDay()
	if next := m.clock.NextMidnight(m.eng.Now()); next < m.horizon {
		m.eng.At(next, m.midnight, 0)
	}
}
