package scenario

// Scenario is a resolved, validated description of one system to simulate.
// All durations are in hours and all rates are per hour once loaded; the YAML
// carries explicit units ("30m", "4h", "6.5d", "29273/y").
//
// A bare textbook queue is one place and one site whose beds have a capacity,
// an exponential length of stay and when_full set to "queue" (M/M/c) or
// "lost" (M/M/c/c).
type Scenario struct {
	// Extends names a file, relative to this one, whose settings this file
	// overrides. The loader resolves it; it is empty in a loaded Scenario.
	//
	// Merging is key by key: where both files hold a mapping under the same
	// key the mappings merge recursively, so an intervention can change
	// sites.qmc.beds.capacity alone and keep the baseline's los; lists and
	// single values are replaced whole; a key set to null (~) deletes the
	// inherited value (e.g. "qmc: ~" under sites removes that site). The
	// name is not inherited. Extends chains are allowed; cycles are errors.
	Extends string `yaml:"extends,omitempty" json:"extends,omitempty"`
	// Name identifies the scenario in outputs. Defaults to the file name
	// without extension.
	Name string `yaml:"name,omitempty" json:"name"`
	// Description is free text for people.
	Description string `yaml:"description,omitempty" json:"description,omitempty"`
	// Start is the calendar date at simulated time zero (midnight, local
	// hospital time). Defaults to 2025-04-07, a Monday.
	Start Date `yaml:"start,omitempty" json:"start" default:"2025-04-07"`
	// Horizon is the simulated run length, warm-up included. Defaults to 365d.
	Horizon Duration `yaml:"horizon,omitempty" json:"horizon" default:"365d"`
	// Warmup is discarded from every statistic. Defaults to 0.
	Warmup Duration `yaml:"warmup,omitempty" json:"warmup" default:"0"`
	// Reps is the default number of replications. Defaults to 20.
	Reps int `yaml:"reps,omitempty" json:"reps" default:"20"`
	// Seed is the default master seed. Defaults to 1.
	Seed uint64 `yaml:"seed,omitempty" json:"seed" default:"1"`
	// Places are the populations patients come from, by key.
	Places map[string]*Place `yaml:"places" json:"places"`
	// Sites are the hospitals, by key.
	Sites map[string]*Site `yaml:"sites" json:"sites"`

	// Sources lists the files merged into this scenario, the most distant
	// ancestor in the extends chain first and the loaded file last. Load
	// sets it; it is not part of the scenario's content, its JSON or its
	// hash.
	Sources []string `yaml:"-" json:"-"`
}

// Place is a population that generates emergency arrivals.
type Place struct {
	// Arrivals is the mean arrival rate (Poisson), e.g. "29273/y" or "4/h".
	Arrivals Rate `yaml:"arrivals" json:"arrivals"`
	// Sites gives the share of this place's arrivals that go to each site;
	// shares must sum to 1. May be omitted when the scenario has one site,
	// and Load then fills in {that site: 1}.
	Sites map[string]float64 `yaml:"sites,omitempty" json:"sites,omitempty"`
}

// Site is one acute hospital.
type Site struct {
	// Beds are the site's general and acute beds.
	Beds Beds `yaml:"beds" json:"beds"`
}

// Beds is a pool of identical beds: a server with a FIFO queue in front.
type Beds struct {
	// Capacity is the number of beds; must be at least 1.
	Capacity int `yaml:"capacity" json:"capacity"`
	// LOS is the length of stay in a bed.
	LOS Dist `yaml:"los" json:"los"`
	// WhenFull says what happens to a patient who finds every bed taken:
	// "queue" (wait in FIFO order; the default) or "lost" (turned away).
	WhenFull string `yaml:"when_full,omitempty" json:"when_full" default:"queue"`
}

// WhenFull values.
const (
	WhenFullQueue = "queue"
	WhenFullLost  = "lost"
)

// Dist describes a probability distribution of a duration. Which fields apply
// depends on Type:
//
//	exponential  mean
//	lognormal    mean + sd, or median + p95
//	gamma        shape + scale, or mean + sd
//	weibull      shape + scale
//	erlang       k + mean
//	triangular   min + mode + max
//	uniform      min + max
//	fixed        value
//	empirical    samples (drawn with equal probability)
//	mixture      of: components, each with p (probabilities sum to 1) and
//	             its own distribution fields
//
// A parameter the type does not take is an error. All parameters are
// durations (hours once loaded) except shape (dimensionless, > 0) and k (the
// number of phases, >= 1). Scale parameters, means, sds, medians and p95s
// must be > 0; min, mode, max, value and samples >= 0. Nil means not given.
type Dist struct {
	Type    string      `yaml:"dist" json:"dist"`
	Mean    *Duration   `yaml:"mean,omitempty" json:"mean,omitempty"`
	SD      *Duration   `yaml:"sd,omitempty" json:"sd,omitempty"`
	Median  *Duration   `yaml:"median,omitempty" json:"median,omitempty"`
	P95     *Duration   `yaml:"p95,omitempty" json:"p95,omitempty"`
	Shape   *float64    `yaml:"shape,omitempty" json:"shape,omitempty"`
	Scale   *Duration   `yaml:"scale,omitempty" json:"scale,omitempty"`
	K       *int        `yaml:"k,omitempty" json:"k,omitempty"`
	Min     *Duration   `yaml:"min,omitempty" json:"min,omitempty"`
	Mode    *Duration   `yaml:"mode,omitempty" json:"mode,omitempty"`
	Max     *Duration   `yaml:"max,omitempty" json:"max,omitempty"`
	Value   *Duration   `yaml:"value,omitempty" json:"value,omitempty"`
	Samples []Duration  `yaml:"samples,omitempty" json:"samples,omitempty"`
	Of      []Component `yaml:"of,omitempty" json:"of,omitempty"`
}

// Component is one branch of a mixture distribution.
type Component struct {
	// P is the probability of this branch.
	P    float64 `yaml:"p" json:"p"`
	Dist `yaml:",inline" json:",inline"`
}
