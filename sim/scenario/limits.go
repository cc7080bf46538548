package scenario

// Bounds on scenario values. Each is far beyond any real system, so that
// only a typo or a hostile file meets one; together they keep every
// scenario Validate accepts within bounded memory and time per simulated
// day, and every duration the model draws far inside the engine's clock
// (engine.After refuses delays beyond 1e15 hours). The README's Limits
// section lists them with their reasons.
//
// What the model allocates: per place and per site service an arrival
// profile of one number a simulated day (so the horizon and the numbers of
// places and sites bound it), per site and unit one daily row a day, and
// per patient in the system a record (so the arrival rates and the
// horizon bound it). Capacities allocate nothing until they are used, but
// a capacity of a billion is a typo.
const (
	// MaxHorizon is the longest run, warm-up included: a century.
	MaxHorizon Duration = 36500 * 24
	// MaxDuration bounds every other duration — distribution parameters
	// and samples, readmit_within, referral_lead: a century, as for the
	// time a census patient has spent in a unit.
	MaxDuration Duration = MaxHorizon
	// MinDuration is the shortest duration that must be positive (a
	// mean, a scale, a horizon): 3.6 seconds. Shorter ones are typos,
	// and would underflow when the model derives its parameters.
	MinDuration Duration = 0.001
	// MaxRate bounds each arrival rate (a place's emergencies, an ED's
	// other attendances, an SDEC's direct referrals, a site's electives)
	// and the scenario's total of them: 10000/h is about three times
	// every A&E attendance in England.
	MaxRate Rate = 10000
	// MaxCapacity bounds every capacity (beds, chairs, hub staff, places
	// on pathways, discharge to assess and virtual wards, and in
	// schedules): England has about 100000 G&A beds.
	MaxCapacity = 1_000_000
	// MaxReps bounds the scenario's replications, as batch.MaxReps does
	// the command line's.
	MaxReps = 100_000
	// MaxWeight bounds an arrival-profile weight. Weights are relative,
	// so counts per hour of a year's extract fit; 1e308 would overflow
	// their sum and silently give no arrivals at all.
	MaxWeight = 1e9
	// MaxLOSScale bounds los_scale, a multiplier of lengths of stay.
	MaxLOSScale = 10
	// MaxCV and MinCV bound sd/mean of lognormal and gamma stays (a real
	// length of stay has a coefficient of variation of 0.5 to 3): beyond
	// them the one-in-a-trillion stay of a long mean leaves the clock's
	// range, or the parameters derived from them overflow or underflow.
	MaxCV = 30
	MinCV = 0.001
	// MaxP95Ratio and MinP95Ratio bound p95/median of a lognormal, for
	// the same reason (100 is about sd/mean 50).
	MaxP95Ratio = 100
	MinP95Ratio = 1.001
	// MinShape and MaxShape bound the shape of a gamma (MinShape is
	// sd/mean 30) and of a Weibull, whose shape MinWeibullShape bounds
	// from below: a smaller one draws stays of 45^(1/shape) times its
	// scale. MaxShape also bounds erlang's k.
	MinShape        = 0.001
	MinWeibullShape = 0.2
	MaxShape        = 1e6
	// MaxSites, MaxPlaces and MaxCohorts bound how many the scenario
	// has: each site and place costs memory every simulated day. (A
	// virtual ward serves sites no other serves, so sites bound those.)
	MaxSites   = 200
	MaxPlaces  = 1000
	MaxCohorts = 100
	// MaxScheduleRules bounds a capacity schedule's rules, each checked
	// at every change of capacity.
	MaxScheduleRules = 1000
	// MaxComponents bounds a mixture's components, scanned at every draw.
	MaxComponents = 100
)
