package metric

// The registry: every metric the model reports, in the model's order. A
// test in sim/model checks that the model reports exactly these.

// Metric names, as they appear in summary.csv, replications.csv and
// comparison.csv.
const (
	Arrivals                 = "arrivals"
	Readmissions             = "readmissions"
	AmbulanceArrivals        = "ambulance_arrivals"
	EDAttendances            = "ed_attendances"
	ED4hShare                = "ed_4h_share"
	ED12hFromArrival         = "ed_12h_from_arrival"
	ED12hFromDecision        = "ed_12h_from_decision"
	EDSeenHoursMean          = "ed_seen_hours_mean"
	EDCorridorHours          = "ed_corridor_hours"
	EDCubicleOccupancy       = "ed_cubicle_occupancy"
	HandoverMinutesMean      = "handover_minutes_mean"
	HandoverHoursOver15      = "handover_hours_over_15"
	HandoverHoursOver30      = "handover_hours_over_30"
	HandoverHoursOver60      = "handover_hours_over_60"
	AE4hShare                = "ae_4h_share"
	UTCArrivals              = "utc_arrivals"
	UTCAttendances           = "utc_attendances"
	UTCReturnedToED          = "utc_returned_to_ed"
	UTC4hShare               = "utc_4h_share"
	UTCWaitMean              = "utc_wait_mean"
	UTCUtilisation           = "utc_utilisation"
	UTCClinicianHours        = "utc_clinician_hours"
	SDECAttendances          = "sdec_attendances"
	SDECSameDayDischarges    = "sdec_same_day_discharges"
	SDECDirect               = "sdec_direct"
	SDECDirectTurnedAway     = "sdec_direct_turned_away"
	VWStepUps                = "vw_step_ups"
	VWStepDowns              = "vw_step_downs"
	VWAdmissions             = "vw_admissions"
	VWFallbacks              = "vw_fallbacks"
	VWOccupancyMean          = "vw_occupancy_mean"
	VWUtilisation            = "vw_utilisation"
	Admissions               = "admissions"
	ElectiveArrivals         = "elective_arrivals"
	ElectiveAdmissions       = "elective_admissions"
	ElectivesCancelled       = "electives_cancelled"
	Discharges               = "discharges"
	DischargesP0             = "discharges_p0"
	DischargesP1             = "discharges_p1"
	DischargesP2             = "discharges_p2"
	DischargesP3             = "discharges_p3"
	SameDayShare             = "same_day_share"
	Lost                     = "lost"
	LostShare                = "lost_share"
	Left                     = "left"
	InSystemStart            = "in_system_start"
	InSystemEnd              = "in_system_end"
	BedDays                  = "bed_days"
	DelayedBedDays           = "delayed_bed_days"
	DelayedShare             = "delayed_share"
	NCTRMean                 = "nctr_mean"
	WeekendDelayedBedDays    = "weekend_delayed_bed_days"
	MedicallySafeWaitingMean = "medically_safe_waiting_mean"
	BedsOccupiedMean         = "beds_occupied_mean"
	OccupancyMean            = "occupancy_mean"
	OccupancyP95             = "occupancy_p95"
	QueueMean                = "queue_mean"
	BoardingHoursMean        = "boarding_hours_mean"
	BedWaitShare             = "bed_wait_share"
	MeanLOSDays              = "mean_los_days"
	ElectiveMeanLOSDays      = "elective_mean_los_days"
	Deaths                   = "deaths"
	HubReferrals             = "hub_referrals"
	HubWaitHoursMean         = "hub_wait_hours_mean"
	HubWaitClockHoursMean    = "hub_wait_clock_hours_mean"
	HubQueueMean             = "hub_queue_mean"
	HubUtilisation           = "hub_utilisation"
	D2AStarts                = "d2a_starts"
	D2AOccupiedMean          = "d2a_occupied_mean"
	WeekendPathwayStarts     = "weekend_pathway_starts"
	P1Starts                 = "p1_starts"
	P2Starts                 = "p2_starts"
	P3Starts                 = "p3_starts"
	PathwayWaitDaysMean      = "pathway_wait_days_mean"
	P1QueueEnd               = "p1_queue_end"
	P2QueueEnd               = "p2_queue_end"
	P3QueueEnd               = "p3_queue_end"
	DischargeWaitDaysMean    = "discharge_wait_days_mean"
	LateDischargeShare       = "late_discharge_share"
	LateDischargeDaysMean    = "late_discharge_days_mean"
	ReadyDischargedShare     = "ready_discharged_share"
	WeekendDischargeShare    = "weekend_discharge_share"
	P1InUseMean              = "p1_in_use_mean"
	P2InUseMean              = "p2_in_use_mean"
	P3InUseMean              = "p3_in_use_mean"
	P1Utilisation            = "p1_utilisation"
	P2Utilisation            = "p2_utilisation"
	P3Utilisation            = "p3_utilisation"
	Unstable                 = "unstable"
	DelayedHubBedDays        = "delayed_hub_bed_days"
	DelayedD2ABedDays        = "delayed_d2a_bed_days"
	DelayedAcceptanceBedDays = "delayed_acceptance_bed_days"
	DelayedP1BedDays         = "delayed_p1_bed_days"
	DelayedP2BedDays         = "delayed_p2_bed_days"
	DelayedP3BedDays         = "delayed_p3_bed_days"
	DelayedP0BedDays         = "delayed_p0_bed_days"
	WardRoundBedDays         = "ward_round_bed_days"
	WardRoundWaitHoursMean   = "ward_round_wait_hours_mean"
)

// The escalation metrics, reported only by scenarios with an escalation
// section at some site (see WithEscalation).
const (
	EscalationBedDays = "escalation_bed_days"
	EscalatedShare    = "escalated_share"
	OPEL2Hours        = "opel2_hours"
	OPEL3Hours        = "opel3_hours"
	OPEL4Hours        = "opel4_hours"
	Escalations       = "escalations"
)

// The cost metrics: unit cost × quantity, from the scenario's costs
// section; undefined without one.
const (
	CostBedDays        = "cost_bed_days"
	CostDelayedBedDays = "cost_delayed_bed_days"
	CostP1             = "cost_p1"
	CostP2             = "cost_p2"
	CostP3             = "cost_p3"
	CostVirtualWard    = "cost_virtual_ward"
	CostSDEC           = "cost_sdec"
	CostHub            = "cost_hub"
	// CostEscalationBedDays prices the escalation beds open.
	CostEscalationBedDays = "cost_escalation_bed_days"
	// CostUTC prices the urgent treatment centre's clinician-hours paid.
	CostUTC      = "cost_utc"
	CostServices = "cost_services"
	CostTotal    = "cost_total"
)

// EmergencyLOS65PlusDaysMean names the mean length of stay of emergency
// patients of the cohorts marked 65+, the seed's over-65 stays' measure.
const EmergencyLOS65PlusDaysMean = "emergency_los_65plus_days_mean"

// defs are every metric the model reports, in its order.
var defs = []Def{
	{Name: Arrivals, Label: "Emergency arrivals", Unit: "patients", Format: Count, Better: Neither, Optional: false,
		Description: "emergency patients arriving at the site after the warm-up, readmissions included (the places' configured arrivals are this total)"},
	{Name: Readmissions, Label: "Readmissions", Unit: "patients", Format: Count, Better: Lower, Optional: false,
		Description: "emergency arrivals that are readmissions of earlier patients"},
	{Name: AmbulanceArrivals, Label: "Ambulance arrivals", Unit: "patients", Format: Count, Better: Neither, Optional: false,
		Description: "emergency arrivals by ambulance"},
	{Name: EDAttendances, Label: "ED attendances", Unit: "patients", Format: Count, Better: Neither, Optional: false,
		Description: "ED attendances, admitted or not, that left ED after the warm-up"},
	{Name: ED4hShare, Label: "ED within 4 hours", Unit: "% of attendances", Format: Share, Better: Higher, Optional: false,
		Description: "ED attendances admitted, transferred or discharged within 4 hours: the type 1 department only, not the urgent treatment centre"},
	{Name: ED12hFromArrival, Label: "ED 12-hour waits from arrival", Unit: "patients", Format: Count, Better: Lower, Optional: true,
		Description: "ED attendances, admitted or not, that left ED more than 12 hours after arriving; undefined where ED has no capacity (no majors cubicles)"},
	{Name: ED12hFromDecision, Label: "ED 12-hour waits from decision to admit", Unit: "patients", Format: Count, Better: Lower, Optional: true,
		Description: "admitted patients who waited in ED more than 12 hours from the decision to admit for a bed (the trolley wait); undefined without an ED"},
	{Name: EDSeenHoursMean, Label: "Mean time to be seen in ED", Unit: "hours", Format: Decimal, Better: Lower, Optional: true,
		Description: "from arrival to a clinician starting the assessment, over the attendances seen after the warm-up; undefined where ED has no capacity"},
	{Name: EDCorridorHours, Label: "Corridor care", Unit: "patient-hours", Format: Count, Better: Lower, Optional: true,
		Description: "patient-hours in ED corridor spaces (boarders and patients handed over into the corridor); undefined where ED has no capacity"},
	{Name: EDCubicleOccupancy, Label: "ED cubicle occupancy", Unit: "% of cubicles", Format: Share, Better: Neither, Optional: true,
		Description: "majors and minors cubicle-hours in use over cubicle-hours available; undefined where ED has no capacity"},
	{Name: HandoverMinutesMean, Label: "Mean ambulance handover", Unit: "minutes", Format: Decimal, Better: Lower, Optional: true,
		Description: "from an ambulance patient's arrival (admitted or not: a place's ambulance share and ed.others_ambulance) to ED taking them into a majors cubicle (or a corridor space, where corridor_handover allows), zero waits included; undefined where ED has no capacity"},
	{Name: HandoverHoursOver15, Label: "Hours lost to handovers over 15 minutes", Unit: "hours", Format: Decimal, Better: Lower, Optional: true,
		Description: "the sum over ambulance handovers of the time beyond 15 minutes, the handover standard, as East Midlands Ambulance Service counts hours lost; the model's handover is the wait for a space, so a hand-over that itself takes minutes is not in it; undefined where ED has no capacity"},
	{Name: HandoverHoursOver30, Label: "Hours lost to handovers over 30 minutes", Unit: "hours", Format: Decimal, Better: Lower, Optional: true,
		Description: "the sum over ambulance handovers of the time beyond 30 minutes (a 45-minute handover adds 0.25 h): crew hours lost as NHS England counts them; undefined where ED has no capacity"},
	{Name: HandoverHoursOver60, Label: "Hours lost to handovers over 60 minutes", Unit: "hours", Format: Decimal, Better: Lower, Optional: true,
		Description: "the sum over ambulance handovers of the time beyond 60 minutes; undefined where ED has no capacity"},
	{Name: AE4hShare, Label: "A&E within 4 hours (types 1 and 3)", Unit: "% of attendances", Format: Share, Better: Higher, Optional: false,
		Description: "the four-hour standard as NHS England counts it, over type 1 (ED) and type 3 (urgent treatment centre) attendances together: (ED within 4 hours + UTC within 4 hours) ÷ (ed_attendances + utc_attendances); equal to ed_4h_share at a site without a UTC"},
	{Name: UTCArrivals, Label: "Streamed to the UTC", Unit: "patients", Format: Count, Better: Neither, Optional: true,
		Description: "minor ED attendances streamed to the urgent treatment centre after the warm-up, no longer counted in ed_attendances"},
	{Name: UTCAttendances, Label: "UTC attendances", Unit: "patients", Format: Count, Better: Neither, Optional: true,
		Description: "urgent treatment centre patients treated and gone home after the warm-up"},
	{Name: UTCReturnedToED, Label: "Sent back to ED at UTC closing", Unit: "patients", Format: Count, Better: Lower, Optional: true, OnlyWith: WithUTCToED,
		Description: "patients still waiting to be seen when the urgent treatment centre closed (at_closing: to_ed) and sent back to the ED after the warm-up: counted in ed_attendances from their arrival at the UTC, not in utc_attendances; reported only by a scenario with such a UTC"},
	{Name: UTC4hShare, Label: "UTC within 4 hours", Unit: "% of attendances", Format: Share, Better: Higher, Optional: true,
		Description: "UTC attendances out within 4 hours of arriving (wait to be seen plus treatment); undefined without a UTC"},
	{Name: UTCWaitMean, Label: "Mean wait to be seen in the UTC", Unit: "hours", Format: Decimal, Better: Lower, Optional: true,
		Description: "mean time from arriving at the urgent treatment centre to a clinician starting treatment, over utc_attendances"},
	{Name: UTCUtilisation, Label: "UTC utilisation", Unit: "% of clinician time", Format: Share, Better: Neither, Optional: true,
		Description: "clinician-hours treating patients ÷ clinician-hours open (clinicians × opening hours); with at_closing: see those waiting at closing are still seen, so a UTC that closes with a queue can pass 100% (with to_ed only those already being treated finish after closing)"},
	{Name: UTCClinicianHours, Label: "UTC clinician-hours paid", Unit: "clinician-hours", Format: Decimal, Better: Lower, Optional: true, OnlyWith: WithUTC,
		Description: "clinician-hours open after the warm-up (clinicians × opening hours, busy or not: utc_utilisation's denominator) plus the clinician-hours treating patients while the UTC is closed (those seen after closing: with at_closing: see the queue at closing, with to_ed those already with a clinician); the quantity cost_utc prices"},
	{Name: SDECAttendances, Label: "SDEC attendances", Unit: "patients", Format: Count, Better: Neither, Optional: false,
		Description: "same-day emergency care attendances, direct referrals included"},
	{Name: SDECSameDayDischarges, Label: "SDEC same-day discharges", Unit: "patients", Format: Count, Better: Higher, Optional: false,
		Description: "emergency patients sent home the same day from SDEC"},
	{Name: SDECDirect, Label: "SDEC direct referrals", Unit: "patients", Format: Count, Better: Neither, Optional: false,
		Description: "patients referred straight to SDEC by GPs and other professionals and seen"},
	{Name: SDECDirectTurnedAway, Label: "SDEC direct referrals turned away", Unit: "patients", Format: Count, Better: Lower, Optional: false,
		Description: "direct referrals that found SDEC full or closed"},
	{Name: VWStepUps, Label: "Virtual ward step-ups", Unit: "patients", Format: Count, Better: Neither, Optional: false,
		Description: "patients cared for on a virtual ward instead of being admitted"},
	{Name: VWStepDowns, Label: "Virtual ward step-downs", Unit: "patients", Format: Count, Better: Neither, Optional: false,
		Description: "patients who finished their stay on a virtual ward"},
	{Name: VWAdmissions, Label: "Virtual ward admissions", Unit: "patients", Format: Count, Better: Neither, Optional: false,
		Description: "step-up from the front door and step-down from a bed"},
	{Name: VWFallbacks, Label: "Virtual ward fallbacks", Unit: "patients", Format: Count, Better: Lower, Optional: false,
		Description: "patients suitable for step-up who found the virtual ward full and were admitted"},
	{Name: VWOccupancyMean, Label: "Virtual ward patients", Unit: "patients", Format: Decimal, Better: Neither, Optional: false,
		Description: "time-average patients of the site on a virtual ward"},
	{Name: VWUtilisation, Label: "Virtual ward utilisation", Unit: "% of places", Format: Share, Better: Neither, Optional: true,
		Description: "patient-hours on the virtual ward the site uses over its place-hours, all the sites it serves counted (sites sharing a ward show the same figure); for all sites, every ward's"},
	{Name: Admissions, Label: "Emergency admissions", Unit: "patients", Format: Count, Better: Neither, Optional: false,
		Description: "emergency patients admitted to a G&A bed after the warm-up (planned admissions are elective_admissions)"},
	{Name: ElectiveArrivals, Label: "Elective arrivals", Unit: "patients", Format: Count, Better: Neither, Optional: false,
		Description: "planned patients arriving for an operation or treatment"},
	{Name: ElectiveAdmissions, Label: "Elective admissions", Unit: "patients", Format: Count, Better: Neither, Optional: false,
		Description: "planned patients admitted to a G&A bed"},
	{Name: ElectivesCancelled, Label: "Electives cancelled", Unit: "patients", Format: Count, Better: Lower, Optional: false,
		Description: "planned patients cancelled for want of a bed"},
	{Name: Discharges, Label: "Discharges from beds", Unit: "patients", Format: Count, Better: Neither, Optional: false,
		Description: "patients leaving a G&A bed, deaths and electives included"},
	{Name: DischargesP0, Label: "Discharges on P0", Unit: "patients", Format: Count, Better: Neither, Optional: false,
		Description: "emergency patients discharged from a bed home without new support"},
	{Name: DischargesP1, Label: "Discharges on P1", Unit: "patients", Format: Count, Better: Neither, Optional: false,
		Description: "emergency patients discharged from a bed home with new support"},
	{Name: DischargesP2, Label: "Discharges on P2", Unit: "patients", Format: Count, Better: Neither, Optional: false,
		Description: "emergency patients discharged from a bed to a rehabilitation bed"},
	{Name: DischargesP3, Label: "Discharges on P3", Unit: "patients", Format: Count, Better: Neither, Optional: false,
		Description: "emergency patients discharged from a bed to a care home"},
	{Name: SameDayShare, Label: "Home the same day", Unit: "% of arrivals", Format: Share, Better: Neither, Optional: false,
		Description: "emergency arrivals sent home from SDEC the same day or discharged within 24 hours of admission"},
	{Name: Lost, Label: "Turned away", Unit: "patients", Format: Count, Better: Lower, Optional: false,
		Description: "patients turned away where beds are a loss system"},
	{Name: LostShare, Label: "Turned away share", Unit: "% of arrivals", Format: Share, Better: Lower, Optional: false,
		Description: "share of emergency arrivals turned away (loss systems)"},
	{Name: Left, Label: "Journeys ended", Unit: "patients", Format: Count, Better: Neither, Optional: false,
		Description: "patient journeys that ended after the warm-up, deaths included"},
	{Name: InSystemStart, Label: "In the system at the start", Unit: "patients", Format: Count, Better: Neither, Optional: false,
		Description: "patients anywhere in the system at the end of the warm-up"},
	{Name: InSystemEnd, Label: "In the system at the end", Unit: "patients", Format: Count, Better: Neither, Optional: false,
		Description: "patients anywhere in the system at the horizon"},
	{Name: BedDays, Label: "Bed-days used", Unit: "bed-days", Format: Count, Better: Lower, Optional: false,
		Description: "occupied general and acute bed-days after the warm-up"},
	{Name: DelayedBedDays, Label: "Delayed bed-days", Unit: "bed-days", Format: Count, Better: Lower, Optional: false,
		Description: "bed-days of medically safe patients still in a bed, whatever they wait for (the delayed bed-days by reason add up to it)"},
	{Name: DelayedShare, Label: "Delayed share of bed-days", Unit: "% of bed-days", Format: Share, Better: Lower, Optional: false,
		Description: "delayed bed-days as a share of bed-days used"},
	{Name: NCTRMean, Label: "Medically safe in beds at midnight", Unit: "patients", Format: Decimal, Better: Lower, Optional: false,
		Description: "mean number of medically safe patients in a G&A bed at midnight (the no-criteria-to-reside count)"},
	{Name: WeekendDelayedBedDays, Label: "Weekend-born delayed bed-days", Unit: "bed-days", Format: Count, Better: Lower, Optional: false,
		Description: "delayed bed-days of p1–p3 patients who became medically safe on a Saturday or Sunday"},
	{Name: MedicallySafeWaitingMean, Label: "Medically safe in beds", Unit: "patients", Format: Decimal, Better: Lower, Optional: false,
		Description: "time-average medically safe patients in a G&A bed"},
	{Name: BedsOccupiedMean, Label: "Beds in use", Unit: "beds", Format: Decimal, Better: Neither, Optional: false,
		Description: "time-average G&A beds in use"},
	{Name: OccupancyMean, Label: "Mean bed occupancy", Unit: "% of beds", Format: Share, Better: Lower, Optional: false,
		Description: "time-average beds in use as a share of capacity"},
	{Name: OccupancyP95, Label: "95th percentile occupancy", Unit: "% of beds", Format: Share, Better: Lower, Optional: false,
		Description: "the 95th percentile over time of beds in use, as a share of mean capacity"},
	{Name: QueueMean, Label: "Waiting for a bed", Unit: "patients", Format: Decimal, Better: Lower, Optional: false,
		Description: "time-average patients who have a decision to admit and wait for a bed (boarding)"},
	{Name: BoardingHoursMean, Label: "Mean wait for a bed", Unit: "hours", Format: Decimal, Better: Lower, Optional: false,
		Description: "wait from the decision to admit to a bed, zero waits included"},
	{Name: BedWaitShare, Label: "Waited for a bed", Unit: "% of admissions", Format: Share, Better: Lower, Optional: false,
		Description: "share of emergency admissions that waited for a bed (boarded) before admission"},
	{Name: MeanLOSDays, Label: "Mean length of stay", Unit: "days", Format: Decimal, Better: Lower, Optional: false,
		Description: "mean time in a G&A bed of emergency patients leaving it, deaths included"},
	{Name: EmergencyLOS65PlusDaysMean, Label: "Mean length of stay, 65+", Unit: "days", Format: Decimal, Better: Lower, Optional: true,
		Description: "mean time in a G&A bed of emergency patients of the cohorts marked age: 65+ leaving it, deaths included; undefined in a scenario that marks no cohort 65+"},
	{Name: ElectiveMeanLOSDays, Label: "Mean elective length of stay", Unit: "days", Format: Decimal, Better: Lower, Optional: true,
		Description: "mean time in a G&A bed of planned patients discharged"},
	{Name: Deaths, Label: "Deaths in hospital", Unit: "patients", Format: Count, Better: Lower, Optional: true,
		Description: "patients who died in hospital at the end of their acute stay"},
	{Name: HubReferrals, Label: "Hub referrals", Unit: "patients", Format: Count, Better: Neither, Optional: false,
		Description: "referrals to the transfer-of-care hub"},
	{Name: HubWaitHoursMean, Label: "Mean wait for the hub", Unit: "working hours", Format: Decimal, Better: Lower, Optional: true,
		Description: "from referral to a member of the hub team starting the assessment, counted in the hub's working hours"},
	{Name: HubWaitClockHoursMean, Label: "Mean wait for the hub (clock hours)", Unit: "hours", Format: Decimal, Better: Lower, Optional: true,
		Description: "the same wait in clock hours, nights and weekends included: the wait in Little's law (hub_queue_mean ≈ referrals per hour × this)"},
	{Name: HubQueueMean, Label: "Mean hub queue", Unit: "referrals", Format: Decimal, Better: Lower, Optional: true,
		Description: "time-average referrals waiting for a member of the hub team"},
	{Name: HubUtilisation, Label: "Hub utilisation", Unit: "% of staff time", Format: Share, Better: Neither, Optional: true,
		Description: "assessment work as a share of the hub team's working hours"},
	{Name: D2AStarts, Label: "Discharge-to-assess starts", Unit: "patients", Format: Count, Better: Neither, Optional: true,
		Description: "patients who left the acute bed for an interim place"},
	{Name: D2AOccupiedMean, Label: "Interim places in use", Unit: "places", Format: Decimal, Better: Neither, Optional: true,
		Description: "time-average discharge-to-assess places in use"},
	{Name: WeekendPathwayStarts, Label: "Weekend pathway starts", Unit: "patients", Format: Count, Better: Neither, Optional: true,
		Description: "pathway 1–3 services started on a Saturday or Sunday"},
	{Name: P1Starts, Label: "Pathway 1 starts", Unit: "patients", Format: Count, Better: Neither, Optional: false,
		Description: "discharges home with support"},
	{Name: P2Starts, Label: "Pathway 2 starts", Unit: "patients", Format: Count, Better: Neither, Optional: false,
		Description: "discharges to a rehabilitation bed"},
	{Name: P3Starts, Label: "Pathway 3 starts", Unit: "patients", Format: Count, Better: Neither, Optional: false,
		Description: "discharges to a care home placement"},
	{Name: PathwayWaitDaysMean, Label: "Mean discharge delay", Unit: "days", Format: Decimal, Better: Lower, Optional: false,
		Description: "from medically safe to the start of the pathway 1–3 service (hub, interim place and wait for a place)"},
	{Name: P1QueueEnd, Label: "P1 queue at the end", Unit: "patients", Format: Count, Better: Lower, Optional: false,
		Description: "patients waiting for a pathway 1 start at the horizon"},
	{Name: P2QueueEnd, Label: "P2 queue at the end", Unit: "patients", Format: Count, Better: Lower, Optional: false,
		Description: "patients waiting for a pathway 2 bed at the horizon"},
	{Name: P3QueueEnd, Label: "P3 queue at the end", Unit: "patients", Format: Count, Better: Lower, Optional: false,
		Description: "patients waiting for a pathway 3 placement at the horizon"},
	{Name: DischargeWaitDaysMean, Label: "Mean wait to leave once ready", Unit: "days", Format: Decimal, Better: Lower, Optional: false,
		Description: "from medically safe to leaving the G&A bed, over the patients (emergency and elective) who leave a bed alive once medically safe (zero for those who leave at once)"},
	{Name: LateDischargeShare, Label: "Left after their ready day", Unit: "% of ready discharges", Format: Share, Better: Lower, Optional: false,
		Description: "share of those patients who leave their bed on a later calendar day than the one they became medically safe (a delayed discharge in NHS England's discharge data)"},
	{Name: LateDischargeDaysMean, Label: "Mean delay of late leavers", Unit: "days", Format: Decimal, Better: Lower, Optional: false,
		Description: "from medically safe to leaving the bed, over the patients who leave on a later calendar day"},
	{Name: ReadyDischargedShare, Label: "Ready patients leaving each day", Unit: "% of the midnight count", Format: Share, Better: Higher, Optional: false,
		Description: "of the medically safe patients in beds at a midnight (the NCTR count), the share who leave their bed before the next midnight"},
	{Name: WeekendDischargeShare, Label: "Discharges at weekends", Unit: "% of discharges", Format: Share, Better: Neither, Optional: false,
		Description: "share of emergency patients leaving a bed alive on a Saturday or Sunday (2/7 ≈ 28.6% when weekends are like weekdays)"},
	{Name: P1InUseMean, Label: "P1 places in use", Unit: "places", Format: Decimal, Better: Neither, Optional: true,
		Description: "mean pathway 1 (home-care) places in use"},
	{Name: P2InUseMean, Label: "P2 beds in use", Unit: "places", Format: Decimal, Better: Neither, Optional: true,
		Description: "mean pathway 2 (rehabilitation) beds in use"},
	{Name: P3InUseMean, Label: "P3 placements in use", Unit: "places", Format: Decimal, Better: Neither, Optional: true,
		Description: "mean pathway 3 (care-home) placements in use"},
	{Name: P1Utilisation, Label: "P1 utilisation", Unit: "% of places", Format: Share, Better: Neither, Optional: true,
		Description: "pathway 1 place-hours in use over place-hours available (capacity schedules included)"},
	{Name: P2Utilisation, Label: "P2 utilisation", Unit: "% of places", Format: Share, Better: Neither, Optional: true,
		Description: "pathway 2 bed-hours in use over bed-hours available"},
	{Name: P3Utilisation, Label: "P3 utilisation", Unit: "% of places", Format: Share, Better: Neither, Optional: true,
		Description: "pathway 3 placement-hours in use over placement-hours available"},
	{Name: Unstable, Label: "Unstable replications", Unit: "replications", Format: Flag, Better: Lower, Optional: false,
		Description: "a queue that kept growing (beds, p1–p3, or the wait for an ED space or clinician), or a pathway with no capacity: its averages describe the run length, not a steady state"},
	{Name: DelayedHubBedDays, Label: "… waiting for the hub", Unit: "bed-days", Format: Count, Better: Lower, Optional: true,
		Description: "delayed bed-days waiting for the transfer-of-care hub to assess and arrange the discharge"},
	{Name: DelayedD2ABedDays, Label: "… waiting for an interim place", Unit: "bed-days", Format: Count, Better: Lower, Optional: true,
		Description: "delayed bed-days waiting for a discharge-to-assess (interim) place"},
	{Name: DelayedAcceptanceBedDays, Label: "… provider not accepting", Unit: "bed-days", Format: Count, Better: Lower, Optional: true,
		Description: "delayed bed-days when the place or turn is ready but the provider is not taking patients then (acceptance hours, days, weekends)"},
	{Name: DelayedP1BedDays, Label: "… waiting for a P1 start", Unit: "bed-days", Format: Count, Better: Lower, Optional: true,
		Description: "delayed bed-days waiting for home care to start (pathway 1)"},
	{Name: DelayedP2BedDays, Label: "… waiting for a P2 bed", Unit: "bed-days", Format: Count, Better: Lower, Optional: true,
		Description: "delayed bed-days waiting for a rehabilitation bed (pathway 2)"},
	{Name: DelayedP3BedDays, Label: "… waiting for a P3 placement", Unit: "bed-days", Format: Count, Better: Lower, Optional: true,
		Description: "delayed bed-days waiting for a care home placement (pathway 3)"},
	{Name: DelayedP0BedDays, Label: "… going home (P0)", Unit: "bed-days", Format: Count, Better: Lower, Optional: true,
		Description: "delayed bed-days going home without new support, outside discharge hours or waiting for a weekend discharge"},
	{Name: WardRoundBedDays, Label: "Bed-days waiting for the ward round", Unit: "bed-days", Format: Count, Better: Lower, Optional: true,
		Description: "bed-days of patients whose acute stay is over but whom the ward round (after a short stay, the acute medical unit) has not yet declared medically safe; not delayed bed-days, which start at the declaration (acute, ward-round and delayed bed-days add up to bed_days)"},
	{Name: WardRoundWaitHoursMean, Label: "Mean wait for the ward round", Unit: "hours", Format: Decimal, Better: Lower, Optional: true,
		Description: "from the end of the acute stay to the ward round (or the acute medical unit) declaring the patient medically safe, over patients declared after the warm-up (zero waits included; deaths are not declared)"},
	{Name: EscalationBedDays, Label: "Escalation bed-days", Unit: "bed-days", Format: Count, Better: Lower, Optional: true, OnlyWith: WithEscalation,
		Description: "bed-days of escalation capacity open after the warm-up (the extra beds of the OPEL levels open, integrated over time), used or not"},
	{Name: EscalatedShare, Label: "Time escalated", Unit: "% of time", Format: Share, Better: Lower, Optional: true, OnlyWith: WithEscalation,
		Description: "share of the recorded time the site had an escalation level open (OPEL 2 or above); for all sites, of the site-time of the sites with escalation; undefined at a site without escalation"},
	{Name: OPEL2Hours, Label: "Hours at OPEL 2", Unit: "hours", Format: Decimal, Better: Lower, Optional: true, OnlyWith: WithEscalation,
		Description: "hours after the warm-up with OPEL 2 the highest level open; for all sites, the sites' hours added"},
	{Name: OPEL3Hours, Label: "Hours at OPEL 3", Unit: "hours", Format: Decimal, Better: Lower, Optional: true, OnlyWith: WithEscalation,
		Description: "hours after the warm-up with OPEL 3 the highest level open; for all sites, the sites' hours added"},
	{Name: OPEL4Hours, Label: "Hours at OPEL 4", Unit: "hours", Format: Decimal, Better: Lower, Optional: true, OnlyWith: WithEscalation,
		Description: "hours after the warm-up at OPEL 4; for all sites, the sites' hours added"},
	{Name: Escalations, Label: "Escalations", Unit: "reviews", Format: Count, Better: Lower, Optional: true, OnlyWith: WithEscalation,
		Description: "reviews after the warm-up that raised the escalation level (opened beds)"},
	{Name: CostBedDays, Label: "Cost of bed-days", Unit: "£", Format: Money, Better: Lower, Optional: true,
		Description: "bed_days × costs.bed_day: every occupied G&A bed-day at the G&A price; in a comparison, base − alternative is the value of the bed-days freed; undefined without a costs section"},
	{Name: CostDelayedBedDays, Label: "… of which delayed", Unit: "£", Format: Money, Better: Lower, Optional: true,
		Description: "delayed_bed_days × costs.delayed_bed_day (bed_day when absent): what delayed discharges cost, a part of the bed-days already in cost_bed_days, so not added to cost_total; undefined without a costs section"},
	{Name: CostP1, Label: "Cost of P1 packages", Unit: "£", Format: Money, Better: Lower, Optional: true,
		Description: "pathway 1 place-days commissioned (capacity, used or not, capacity schedules included) × costs.p1_place_day; undefined when that cost is absent"},
	{Name: CostP2, Label: "Cost of P2 beds", Unit: "£", Format: Money, Better: Lower, Optional: true,
		Description: "pathway 2 bed-days commissioned (capacity, used or not) × costs.p2_bed_day; undefined when that cost is absent"},
	{Name: CostP3, Label: "Cost of P3 placements", Unit: "£", Format: Money, Better: Lower, Optional: true,
		Description: "pathway 3 placement-days commissioned (capacity, used or not) × costs.p3_place_day; undefined when that cost is absent"},
	{Name: CostVirtualWard, Label: "Cost of virtual wards", Unit: "£", Format: Money, Better: Lower, Optional: true,
		Description: "virtual-ward place-days available × costs.virtual_ward_day; a ward serving several sites is shared among them by their patient-days on it; undefined when that cost is absent"},
	{Name: CostSDEC, Label: "Cost of SDEC", Unit: "£", Format: Money, Better: Lower, Optional: true,
		Description: "SDEC chair-days open (the chairs at opening, on each day SDEC opens after the warm-up) × costs.sdec_chair_day; undefined when that cost is absent"},
	{Name: CostHub, Label: "Cost of hub staff", Unit: "£", Format: Money, Better: Lower, Optional: true,
		Description: "hub staff-hours on duty, Saturday and Sunday hours counted again at costs.hub_saturday_uplift and hub_sunday_uplift, ÷ 1,950 hours (a whole-time equivalent year: 37.5 hours a week, 52 weeks) × costs.hub_wte_year; undefined when that cost is absent"},
	{Name: CostEscalationBedDays, Label: "Cost of escalation beds", Unit: "£", Format: Money, Better: Lower, Optional: true, OnlyWith: WithEscalation,
		Description: "escalation_bed_days (open, used or not) × costs.escalation_bed_day; the patients in them are bed-days used, in cost_bed_days; undefined when that cost is absent"},
	{Name: CostUTC, Label: "Cost of the UTC", Unit: "£", Format: Money, Better: Lower, Optional: true, OnlyWith: WithUTC,
		Description: "utc_clinician_hours (open, busy or not, and after closing while treating) × costs.utc_clinician_hour; undefined when that cost is absent"},
	{Name: CostServices, Label: "Cost of services", Unit: "£", Format: Money, Better: Lower, Optional: true,
		Description: "the services priced: cost_p1 + cost_p2 + cost_p3 + cost_virtual_ward + cost_sdec + cost_hub + cost_escalation_bed_days + cost_utc, those undefined left out; in a comparison, the alternative's extra spend on services"},
	{Name: CostTotal, Label: "Total cost", Unit: "£", Format: Money, Better: Lower, Optional: true,
		Description: "cost_bed_days + cost_services; in a comparison, base − alternative is the net saving: the bed-days freed, priced, less the extra spend on services"},
}
