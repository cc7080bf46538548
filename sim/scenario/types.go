package scenario

import "github.com/flowsim/flowsim/sim/census"

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
	// ArrivalProfile shapes every place's arrivals over the day, week and
	// year, unless the place has its own. Absent: arrivals are homogeneous.
	ArrivalProfile *Profile `yaml:"arrival_profile,omitempty" json:"arrival_profile,omitempty"`
	// Cohorts are the patient groups (for example under 65, and 65+ by
	// frailty) with their shares of arrivals and their own needs: length of
	// stay, discharge pathway, SDEC and virtual-ward eligibility. Shares sum
	// to 1. Absent: every patient is alike and uses the site's beds.los.
	Cohorts map[string]*Cohort `yaml:"cohorts,omitempty" json:"cohorts,omitempty"`
	// VirtualWards are hospital-at-home services by key, each serving a list
	// of sites: step-up instead of admission, step-down for early discharge.
	VirtualWards map[string]*VirtualWard `yaml:"virtual_wards,omitempty" json:"virtual_wards,omitempty"`
	// Census names a CSV file (relative to the scenario file) of the
	// patients in the system at time zero — in G&A beds, on virtual wards,
	// in discharge-to-assess places, on p1–p3 services, waiting for a bed
	// and at home awaiting readmission — so a run starts "from Monday"
	// rather than from an empty hospital. Required columns: site,
	// days_in_unit (or its older name days_in_hospital), medically_safe
	// (yes/no), pathway (p0..p3); optional: unit (beds, virtual_ward, d2a,
	// p1, p2, p3, waiting, readmission; default beds), cohort, hub_done
	// (yes/no), hub_hours (working hours of hub assessment already done),
	// elective (yes/no) and sdec_stay (yes/no). flowsim run --write-census
	// DAY writes one.
	Census string `yaml:"census,omitempty" json:"census,omitempty"`
	// Costs are the unit costs that price bed-days and the services an
	// intervention commissions (each with its source in a comment). Absent:
	// the cost metrics are undefined.
	Costs *Costs `yaml:"costs,omitempty" json:"costs,omitempty"`
	// DemandGrowth is the annual growth of emergency arrivals, by cohort
	// and for all, applied continuously from the start date. Absent: demand
	// is the same every year.
	DemandGrowth *DemandGrowth `yaml:"demand_growth,omitempty" json:"demand_growth,omitempty"`
	// FinancialYears asks for results per financial year (1 April to 31
	// March) beside the whole run's: summary.csv, replications.csv and
	// comparison.csv gain period columns and a row per year per metric
	// reported by year. Defaults to false.
	FinancialYears bool `yaml:"financial_years,omitempty" json:"financial_years,omitempty"`

	// Sources lists the files merged into this scenario, the most distant
	// ancestor in the extends chain first and the loaded file last. Load
	// sets it; it is not part of the scenario's content, its JSON or its
	// hash.
	Sources []string `yaml:"-" json:"-"`
	// Warnings are what Load found legal but likely mistaken: an extends
	// file adding a site, place, cohort or virtual ward its base lacks (a
	// misspelt key), a site that receives no patients. validate and run
	// print them; --strict makes them errors. Not part of the content.
	Warnings []*Error `yaml:"-" json:"-"`
	// censusFrom is the file of the extends chain that set Census; Load
	// sets it so that CensusPath resolves the census against that file.
	censusFrom string
	// census is the census file as Load read it, for the path CensusPath
	// gave then; nil without a census or for a scenario not loaded.
	census *census.File
}

// Place is a population that generates emergency arrivals.
type Place struct {
	// Arrivals is the mean arrival rate (Poisson), e.g. "29273/y" or "4/h".
	// With an arrival profile this is the average over the year.
	Arrivals Rate `yaml:"arrivals" json:"arrivals"`
	// Sites gives the share of this place's arrivals that go to each site;
	// shares must sum to 1. May be omitted when the scenario has one site,
	// and Load then fills in {that site: 1}.
	Sites map[string]float64 `yaml:"sites,omitempty" json:"sites,omitempty"`
	// ArrivalProfile overrides the scenario's arrival profile for this place.
	ArrivalProfile *Profile `yaml:"arrival_profile,omitempty" json:"arrival_profile,omitempty"`
	// Cohorts overrides the cohorts' shares for this place's patients (for
	// example a more frail population); the shares sum to 1 and name
	// cohorts defined at the top level.
	Cohorts map[string]float64 `yaml:"cohorts,omitempty" json:"cohorts,omitempty"`
	// Ambulance is the share of this place's patients who arrive by
	// ambulance rather than walking in.
	Ambulance float64 `yaml:"ambulance,omitempty" json:"ambulance,omitempty"`
}

// Profile gives relative arrival rates by hour of day, day of week and
// month. Each list is normalised to mean 1, so it reshapes arrivals without
// changing their average; an absent list means flat.
type Profile struct {
	// Hourly has 24 weights, for 00:00–01:00 to 23:00–24:00.
	Hourly []float64 `yaml:"hourly,omitempty" json:"hourly,omitempty"`
	// Weekday has 7 weights, Monday first.
	Weekday []float64 `yaml:"weekday,omitempty" json:"weekday,omitempty"`
	// Monthly has 12 weights, January first.
	Monthly []float64 `yaml:"monthly,omitempty" json:"monthly,omitempty"`
}

// Cohort is a group of patients with common needs.
type Cohort struct {
	// Share is the cohort's share of arrivals (places may override).
	Share float64 `yaml:"share" json:"share"`
	// LOS is the acute length of stay from admission until the patient is
	// medically safe for transfer. Absent: the site's beds.los.
	LOS *Dist `yaml:"los,omitempty" json:"los,omitempty"`
	// Pathways gives the shares discharged on each pathway: p0 (home, no
	// new support), p1 (home with support), p2 (rehabilitation bed), p3
	// (care home). They sum to 1. Absent: everyone goes home on p0.
	Pathways map[string]float64 `yaml:"pathways,omitempty" json:"pathways,omitempty"`
	// SDEC is the share of this cohort's arrivals clinically suitable for
	// same-day emergency care.
	SDEC float64 `yaml:"sdec,omitempty" json:"sdec,omitempty"`
	// StepUp is the share suitable for a virtual ward instead of admission.
	StepUp float64 `yaml:"step_up,omitempty" json:"step_up,omitempty"`
	// StepDown is the share of admitted p0 patients who can finish their
	// stay on a virtual ward; they leave the bed after StepDownAfter of
	// their stay.
	StepDown float64 `yaml:"step_down,omitempty" json:"step_down,omitempty"`
	// StepDownAfter is the fraction of the acute stay spent in hospital
	// before a step-down transfer. Defaults to 0.6.
	StepDownAfter float64 `yaml:"step_down_after,omitempty" json:"step_down_after" default:"0.6"`
	// Readmit is the probability of an emergency readmission within
	// ReadmitWithin of leaving hospital.
	Readmit float64 `yaml:"readmit,omitempty" json:"readmit,omitempty"`
	// ReadmitWithin bounds the time to readmission (drawn uniformly up to
	// it). Defaults to 30d.
	ReadmitWithin Duration `yaml:"readmit_within,omitempty" json:"readmit_within" default:"30d"`
	// Age is the cohort's age band, "under65" or "65+"; metrics of older
	// patients (the 65+ emergency length of stay) count the cohorts marked
	// 65+. Absent: the cohort is in neither band.
	Age Age `yaml:"age,omitempty" json:"age,omitempty"`
	// Death is the share of this cohort's emergency arrivals who die in
	// hospital, at the end of their acute stay, and so leave without a
	// discharge pathway. Patients who will die are never SDEC-suitable or
	// stepped up or down to a virtual ward; pathway shares apply to those
	// who survive. Defaults to 0.
	Death float64 `yaml:"death,omitempty" json:"death,omitempty"`
}

// Site is one acute hospital.
type Site struct {
	// Beds are the site's general and acute beds.
	Beds Beds `yaml:"beds" json:"beds"`
	// ED is the emergency department. Absent: patients reach a bed (or
	// SDEC, or a virtual ward) the moment they arrive.
	ED *ED `yaml:"ed,omitempty" json:"ed,omitempty"`
	// SDEC is the same-day emergency care unit. Absent: none.
	SDEC *SDEC `yaml:"sdec,omitempty" json:"sdec,omitempty"`
	// Discharge says when patients going home on p0 actually leave.
	// Absent: the moment they are medically safe.
	Discharge *Discharge `yaml:"discharge,omitempty" json:"discharge,omitempty"`
	// Hub is the transfer-of-care hub arranging p1–p3 discharges. Absent:
	// referrals are arranged instantly.
	Hub *Hub `yaml:"hub,omitempty" json:"hub,omitempty"`
	// Pathways are the finite p1, p2 and p3 services receiving this site's
	// patients. A pathway used by a cohort but absent here has unlimited
	// capacity and no length of stay.
	Pathways map[string]*Pathway `yaml:"pathways,omitempty" json:"pathways,omitempty"`
	// Electives are planned inpatients competing for the same beds.
	Electives *Electives `yaml:"electives,omitempty" json:"electives,omitempty"`
	// D2A is discharge to assess: p1–p3 patients leave the acute bed when
	// medically safe into a finite interim service (bridging care or D2A
	// beds), where the hub assesses them, and move on to their pathway from
	// there. Absent: they wait in the acute bed.
	D2A *D2A `yaml:"d2a,omitempty" json:"d2a,omitempty"`
	// Escalation opens extra G&A beds, OPEL-style, when the patients
	// waiting for a bed pass a trigger, and closes them when the wait
	// falls. Absent: the site's beds are only its capacity and schedule.
	Escalation *Escalation `yaml:"escalation,omitempty" json:"escalation,omitempty"`
	// UTC is an urgent treatment centre co-located with the ED (a type 3
	// department): while it is open, a share of the ED's other attendances
	// (ed.others) is streamed to it and queues for its clinicians instead
	// of being seen in ED. Absent: none.
	UTC *UTC `yaml:"utc,omitempty" json:"utc,omitempty"`
}

// UTC is an urgent treatment centre: clinicians (each with a room) seeing
// minor attendances streamed from the ED, first come first served. Its
// hours are when ED streams patients to it; whoever is waiting at closing
// is still seen, so the clinicians work until the queue is empty, unless
// at_closing sends them back to ED.
type UTC struct {
	// Capacity is the clinicians seeing patients at once.
	Capacity int `yaml:"capacity" json:"capacity"`
	// Hours is the daily time the UTC takes patients, "08:00-22:00".
	// Defaults to all day.
	Hours Window `yaml:"hours,omitempty" json:"hours" default:"00:00-24:00"`
	// Days lists the days it takes patients. Defaults to every day.
	Days DayList `yaml:"days,omitempty" json:"days,omitempty"`
	// Streamed is the share of the ED's other attendances (ed.others)
	// arriving while the UTC is open that are sent to it; with ED capacity
	// (ed.majors), the share of the minor ones (not conveyed by ambulance,
	// not needing majors).
	Streamed float64 `yaml:"streamed" json:"streamed"`
	// Treatment is the time with a clinician, after any wait to be seen.
	Treatment Dist `yaml:"treatment" json:"treatment"`
	// Schedule changes the number of clinicians by date, weekday or hour.
	Schedule Schedule `yaml:"schedule,omitempty" json:"schedule,omitempty"`
	// AtClosing says what happens to patients still waiting to be seen
	// when the UTC closes: "see" (the default: clinicians work on until
	// the queue is empty) or "to_ed" (they go back to the ED front door
	// as ED attendances, their four-hour clock running from their arrival
	// at the UTC; those already with a clinician finish).
	AtClosing UTCAtClosing `yaml:"at_closing,omitempty" json:"at_closing" default:"see"`
}

// D2A is a discharge-to-assess service: interim places (bridging care at
// home or D2A beds) where p1–p3 patients wait for their assessment and
// their pathway outside the acute bed.
type D2A struct {
	// Capacity is the interim places that can be in use at once. When all
	// are taken, patients wait in the acute bed for one.
	Capacity int `yaml:"capacity" json:"capacity"`
	// LOS is the shortest interim stay: the patient moves on when it is
	// over, the hub has assessed them and their pathway takes them.
	LOS Dist `yaml:"los" json:"los"`
	// Schedule changes the capacity by date, weekday or hour.
	Schedule Schedule `yaml:"schedule,omitempty" json:"schedule,omitempty"`
}

// Beds is a pool of identical beds: a server with a FIFO queue in front.
type Beds struct {
	// Capacity is the number of beds; must be at least 1.
	Capacity int `yaml:"capacity" json:"capacity"`
	// LOS is the length of stay in a bed until medically safe, for patients
	// whose cohort gives none (and for every patient without cohorts).
	LOS *Dist `yaml:"los,omitempty" json:"los,omitempty"`
	// LOSScale multiplies every acute length of stay at this site: 0.9
	// shortens stays by 10% and keeps their shape. Defaults to 1.
	LOSScale float64 `yaml:"los_scale,omitempty" json:"los_scale" default:"1"`
	// WhenFull says what happens to a patient who finds every bed taken:
	// "queue" (wait in FIFO order; the default) or "lost" (turned away).
	WhenFull BedsWhenFull `yaml:"when_full,omitempty" json:"when_full" default:"queue"`
	// Schedule changes the capacity by date, weekday or hour; see
	// CapacityChange. When capacity falls below the beds in use, patients
	// in beds stay; nobody new is admitted until there is room.
	Schedule Schedule `yaml:"schedule,omitempty" json:"schedule,omitempty"`
}

// CapacityChange sets a unit's capacity while its conditions hold. All
// given conditions must hold; the last matching change in the list wins;
// when none matches, the unit's own capacity applies.
type CapacityChange struct {
	// From is the first date the change applies (inclusive).
	From *Date `yaml:"from,omitempty" json:"from,omitempty"`
	// To is the last date the change applies (inclusive).
	To *Date `yaml:"to,omitempty" json:"to,omitempty"`
	// Days limits the change to weekdays: mon, tue, wed, thu, fri, sat, sun.
	Days DayList `yaml:"days,omitempty" json:"days,omitempty"`
	// Hours limits the change to a time of day, "08:00-20:00".
	Hours *Window `yaml:"hours,omitempty" json:"hours,omitempty"`
	// Capacity is the capacity while the change applies (>= 0).
	Capacity int `yaml:"capacity" json:"capacity"`
}

// ED is an emergency department: the front door before a bed.
type ED struct {
	// Decision is the time from arrival to a decision (admit, SDEC, virtual
	// ward). Admitted patients then wait in ED for a bed. Absent: 0.
	Decision *Dist `yaml:"decision,omitempty" json:"decision,omitempty"`
	// Others is the rate of ED attendances that are not emergency
	// admissions (treated and sent home from ED); they count towards the
	// four-hour share only. Follows the scenario's arrival profile.
	Others Rate `yaml:"others,omitempty" json:"others,omitempty"`
	// OthersTime is those attendances' time in the department; with
	// capacity (Majors given), their treatment time with a clinician,
	// after any wait to be seen.
	OthersTime *Dist `yaml:"others_time,omitempty" json:"others_time,omitempty"`

	// Majors are the majors cubicles, resus included. Giving them turns
	// on ED capacity: patients take a cubicle, wait there for a clinician
	// (by triage category, then in arrival order), are assessed, and
	// admitted patients board where Boarding says until a bed is free;
	// the other attendances become individual patients in minors (or
	// majors, OthersMajors of them). Clinicians and Assessment are then
	// required, and Decision must be absent (the wait to be seen plus
	// the assessment is the time to decision). Absent: ED has no
	// capacity, Decision is a pure delay and the other attendances are
	// only counted.
	Majors *EDUnit `yaml:"majors,omitempty" json:"majors,omitempty"`
	// Minors are the minors cubicles, for the other attendances not in
	// majors. Absent: they use majors cubicles too.
	Minors *EDUnit `yaml:"minors,omitempty" json:"minors,omitempty"`
	// Clinicians are the decision makers who see patients, on a rota: a
	// capacity and a schedule by weekday and hour (for example fewer at
	// night and at weekends). A clinician sees one patient at a time.
	Clinicians *EDUnit `yaml:"clinicians,omitempty" json:"clinicians,omitempty"`
	// Assessment is the clinician's assessment and treatment time of an
	// emergency patient until the decision (admit, SDEC, virtual ward),
	// before any slowing by crowding.
	Assessment *Dist `yaml:"assessment,omitempty" json:"assessment,omitempty"`
	// Workup is the time an emergency patient spends in their space
	// after the assessment, for tests and treatment, before the decision;
	// the clinician is free meanwhile. Absent: 0.
	Workup *Dist `yaml:"workup,omitempty" json:"workup,omitempty"`
	// OthersWorkup is the same for the other attendances, before they go
	// home. Absent: 0.
	OthersWorkup *Dist `yaml:"others_workup,omitempty" json:"others_workup,omitempty"`
	// Triage lists the triage categories, the most urgent first, with
	// the share of attendances in each (shares sum to 1). A free
	// clinician sees the most urgent patient waiting in a cubicle or
	// corridor space, and within a category the first to arrive. Absent:
	// one category, first come first seen.
	Triage []TriageCategory `yaml:"triage,omitempty" json:"triage,omitempty"`
	// Crowding slows assessment when the department is full. Absent:
	// assessment takes as long however full ED is.
	Crowding *Crowding `yaml:"crowding,omitempty" json:"crowding,omitempty"`
	// Boarding says where an admitted patient waits for a bed: "cubicle"
	// (in the majors cubicle they were assessed in; the default) or
	// "corridor" (moved to a corridor space if one is free, freeing the
	// cubicle; with every corridor space taken they stay in the cubicle
	// and move when one frees).
	Boarding EDBoarding `yaml:"boarding,omitempty" json:"boarding,omitempty"`
	// Corridor is the number of corridor spaces where patients are cared
	// for outside a cubicle (boarders, and ambulance patients with
	// CorridorHandover). Required (>= 1) with boarding: corridor or
	// corridor_handover.
	Corridor int `yaml:"corridor,omitempty" json:"corridor,omitempty"`
	// CorridorHandover lets an ambulance crew hand over into a free
	// corridor space when every majors cubicle is taken; the patient is
	// then seen and stays there until they leave ED. Absent or false:
	// the crew waits with the patient until a majors cubicle frees.
	CorridorHandover bool `yaml:"corridor_handover,omitempty" json:"corridor_handover,omitempty"`
	// OthersMajors is the share of the other (not admitted) attendances
	// who walk in who need a majors cubicle rather than minors. Defaults
	// to 0.
	OthersMajors float64 `yaml:"others_majors,omitempty" json:"others_majors,omitempty"`
	// OthersAmbulance is the share of the other attendances who arrive
	// by ambulance: they need a majors cubicle and are handed over like
	// the emergency patients a place's ambulance share marks. Defaults
	// to 0.
	OthersAmbulance float64 `yaml:"others_ambulance,omitempty" json:"others_ambulance,omitempty"`
}

// EDUnit is a pool of ED cubicles or clinicians: a capacity and a
// schedule changing it by date, weekday or hour (see CapacityChange).
type EDUnit struct {
	// Capacity is the number when no schedule rule applies (>= 0).
	Capacity int `yaml:"capacity" json:"capacity"`
	// Schedule changes the capacity by date, weekday or hour. When it
	// falls below the number in use, those in use finish; nobody new
	// starts until there is room.
	Schedule Schedule `yaml:"schedule,omitempty" json:"schedule,omitempty"`
}

// TriageCategory is one triage category of ED attendances.
type TriageCategory struct {
	// Name labels the category, such as "immediate" or "urgent".
	Name string `yaml:"name" json:"name"`
	// Share is the category's share of attendances.
	Share float64 `yaml:"share" json:"share"`
}

// Crowding is the rule by which a full ED slows assessment: each
// assessment takes its drawn time × min(Max, 1 + PerPatient × (n −
// Above)) when n, the patients in ED cubicles and corridor spaces as it
// starts (the one being seen included), is over Above.
type Crowding struct {
	// Above is the number of patients in ED beyond which assessment
	// slows (>= 0).
	Above int `yaml:"above" json:"above"`
	// PerPatient is the fractional slowing per patient over Above, such
	// as 0.01 for 1% (>= 0).
	PerPatient float64 `yaml:"per_patient" json:"per_patient"`
	// Max caps the multiplier (>= 1), such as 1.5.
	Max float64 `yaml:"max" json:"max"`
}

// SDEC is a same-day emergency care unit: chairs, opening hours and an
// episode after which most patients go home the same day.
type SDEC struct {
	// Chairs is the number of trolleys/recliners.
	Chairs int `yaml:"chairs" json:"chairs"`
	// Hours is the daily opening time, "07:00-24:00". Defaults to all day.
	Hours Window `yaml:"hours,omitempty" json:"hours" default:"00:00-24:00"`
	// Days lists the opening weekdays. Defaults to every day.
	Days DayList `yaml:"days,omitempty" json:"days,omitempty"`
	// Uptake is the share of SDEC-suitable patients the unit takes (direct
	// access for more professionals raises it). Defaults to 1.
	Uptake float64 `yaml:"uptake,omitempty" json:"uptake" default:"1"`
	// Episode is the time in the SDEC chair.
	Episode Dist `yaml:"episode" json:"episode"`
	// SameDay is the probability an SDEC patient goes home the same day;
	// the rest are admitted to a bed.
	SameDay float64 `yaml:"same_day" json:"same_day"`
	// Direct is the rate of ambulatory patients referred straight to SDEC
	// (by GPs and other professionals) who would not otherwise be admitted:
	// they arrive while SDEC is open, use a chair for an episode and go
	// home; with every chair taken they are sent elsewhere. They count in
	// sdec_attendances but not as emergency arrivals.
	Direct Rate `yaml:"direct,omitempty" json:"direct,omitempty"`
	// LOSIfAdmitted is the length of stay of SDEC-suitable patients who
	// are admitted without going through SDEC (it was closed or full, or
	// they were not streamed there): they are well enough for same-day
	// care, so their stays are short. Absent: their cohort's LOS, which
	// overstates what SDEC saves.
	LOSIfAdmitted *Dist `yaml:"los_if_admitted,omitempty" json:"los_if_admitted,omitempty"`
	// WhenFull says what happens to a suitable patient when SDEC is closed
	// or every chair is taken: "admit" (the default) or "wait" (queue for a
	// chair while it is open; whoever is still waiting at closing is
	// admitted).
	WhenFull SDECWhenFull `yaml:"when_full,omitempty" json:"when_full" default:"admit"`
	// Schedule changes the number of chairs by date, weekday or hour.
	Schedule Schedule `yaml:"schedule,omitempty" json:"schedule,omitempty"`
}

// Discharge is the daily rhythm of discharges home (pathway 0).
type Discharge struct {
	// Hours is when discharges happen, "08:00-20:00". A patient medically
	// safe outside them leaves at the next opening.
	Hours Window `yaml:"hours,omitempty" json:"hours" default:"08:00-20:00"`
	// Weekend is the chance a patient ready on a Saturday or Sunday leaves
	// that day (otherwise they wait for the next day): 0.6 means weekend
	// discharges run about 40% below weekdays. Defaults to 1.
	Weekend float64 `yaml:"weekend,omitempty" json:"weekend" default:"1"`
	// WardRound is the senior review that declares patients medically
	// safe: a patient whose acute stay is over is declared at the next
	// round that reviews them, and only then do delayed bed-days, the hub
	// referral made at medically safe and the wait to go home begin.
	// Absent: patients are medically safe the moment their stay ends, at
	// any hour.
	WardRound *WardRound `yaml:"ward_round,omitempty" json:"ward_round,omitempty"`
}

// WardRound is the consultant ward round. Each patient keeps their place
// on the round (drawn once a stay), so the round reaches them at the same
// point of its hours every day; a patient whose acute stay ends after the
// round has passed them waits for the next day's. On Saturdays and Sundays
// the round may keep other hours and reviews a waiting patient only with a
// chance. Short stays end on the acute medical unit instead, whose seniors
// declare patients whenever they are on. Deaths are not declared: they
// happen when the stay ends.
type WardRound struct {
	// Hours is when the weekday round reviews patients, "09:00-12:00".
	// It must end by midnight.
	Hours Window `yaml:"hours,omitempty" json:"hours" default:"09:00-12:00"`
	// WeekendHours is when the Saturday and Sunday round reviews patients.
	// Absent: the weekday hours.
	WeekendHours *Window `yaml:"weekend_hours,omitempty" json:"weekend_hours,omitempty"`
	// Weekend is the chance that a patient waiting for review is seen by
	// the weekend round on a Saturday or a Sunday (drawn for each day),
	// otherwise they wait for the next day's round: 1 is a full seven-day
	// round, 0 no weekend declarations at all. Defaults to 1.
	Weekend float64 `yaml:"weekend,omitempty" json:"weekend" default:"1"`
	// ShortStays is the longest acute stay spent on the acute medical
	// (assessment) unit, whose seniors review patients through the day
	// rather than on one round; longer stays are on a ward and wait for
	// its round. Defaults to 0: every stay waits for the round.
	ShortStays Duration `yaml:"short_stays,omitempty" json:"short_stays" default:"0"`
	// ShortStayHours is when, every day, the acute medical unit's seniors
	// declare short stays medically safe: as the stay ends inside them,
	// at their next opening outside. Defaults to 00:00-24:00: as the stay
	// ends, at any hour.
	ShortStayHours Window `yaml:"short_stay_hours,omitempty" json:"short_stay_hours" default:"00:00-24:00"`
}

// Hub is a transfer-of-care hub: the team that arranges p1–p3 discharges.
// Its assessment time counts only working hours on working days.
type Hub struct {
	// Days is the working days a week: 5 (Monday to Friday) or 7.
	Days HubDays `yaml:"days" json:"days"`
	// Hours is the working day, "08:00-18:00".
	Hours Window `yaml:"hours,omitempty" json:"hours" default:"08:00-18:00"`
	// Assessment is the working time to assess a patient and arrange their
	// discharge.
	Assessment Dist `yaml:"assessment" json:"assessment"`
	// Staff is the hub's team: each member works on one referral at a
	// time, in the hub's hours on its days, and referrals wait for a free
	// member in the order they were made (FIFO). Must be at least 1.
	Staff int `yaml:"staff" json:"staff"`
	// ReferralLead is how long before a patient is medically safe the ward
	// refers them (discharge planning from admission; never before
	// admission). Defaults to 0: referral when medically safe.
	ReferralLead Duration `yaml:"referral_lead,omitempty" json:"referral_lead" default:"0"`
}

// Pathway is a finite discharge service: p1 home-care packages or
// reablement slots, p2 rehabilitation beds, p3 care-home placements.
type Pathway struct {
	// Capacity is the places that can be in use at once (0 is allowed: no
	// service, and the model reports the queue as unstable).
	Capacity int `yaml:"capacity" json:"capacity"`
	// LOS is the time a patient uses the place.
	LOS Dist `yaml:"los" json:"los"`
	// LOSScale multiplies LOS: 0.9 is "reduce length of stay by 10%".
	// Defaults to 1.
	LOSScale float64 `yaml:"los_scale,omitempty" json:"los_scale" default:"1"`
	// Schedule changes the capacity by date, weekday or hour.
	Schedule Schedule `yaml:"schedule,omitempty" json:"schedule,omitempty"`
	// Accepts is when the provider takes new patients (home-care starts,
	// rehabilitation-bed or care-home admissions). A patient whose place is
	// ready outside it stays where they are (usually the acute bed) until
	// the next acceptance time. Absent: any hour of any day.
	Accepts *Acceptance `yaml:"accepts,omitempty" json:"accepts,omitempty"`
}

// Acceptance is when a provider takes new patients: a daily window on some
// weekdays, and on Saturdays and Sundays only with a chance.
type Acceptance struct {
	// Hours is the daily window in which patients start, "08:00-18:00".
	Hours Window `yaml:"hours,omitempty" json:"hours" default:"08:00-18:00"`
	// Days lists the weekdays on which the provider takes patients.
	// Defaults to every day.
	Days DayList `yaml:"days,omitempty" json:"days,omitempty"`
	// Weekend is the chance that a patient ready on a Saturday or Sunday
	// (when those are in Days) starts that day rather than waiting for the
	// next: 0.5 means weekend starts run at about half the weekday rate.
	// Patients already queueing for a place are taken in order whenever the
	// provider accepts. Defaults to 1.
	Weekend float64 `yaml:"weekend,omitempty" json:"weekend" default:"1"`
}

// VirtualWard is hospital-at-home with remote monitoring.
type VirtualWard struct {
	// Capacity is the number of virtual beds.
	Capacity int `yaml:"capacity" json:"capacity"`
	// LOS is the time on the virtual ward.
	LOS Dist `yaml:"los" json:"los"`
	// LOSScale multiplies LOS. Defaults to 1.
	LOSScale float64 `yaml:"los_scale,omitempty" json:"los_scale" default:"1"`
	// Sites lists the sites whose patients it takes.
	Sites []string `yaml:"sites" json:"sites"`
}

// Electives are planned admissions on working days, competing for G&A beds.
type Electives struct {
	// Arrivals is the rate on the days they happen.
	Arrivals Rate `yaml:"arrivals" json:"arrivals"`
	// Days lists the weekdays with electives. Defaults to mon–fri.
	Days DayList `yaml:"days,omitempty" json:"days,omitempty"`
	// Hours is when elective patients arrive, "07:00-12:00".
	Hours Window `yaml:"hours,omitempty" json:"hours" default:"07:00-12:00"`
	// LOS is their length of stay.
	LOS Dist `yaml:"los" json:"los"`
	// WhenFull is "cancel" (the default: no bed, operation cancelled) or
	// "queue" (wait for a bed behind emergencies).
	WhenFull ElectivesWhenFull `yaml:"when_full,omitempty" json:"when_full" default:"cancel"`
}

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
