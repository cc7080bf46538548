package output

// The columns of a run's CSV files, after scenario and any key columns
// (a sweep's swept paths), as the writers here write them and the run
// directory's reader (sim/run) expects them. Each function returns a new
// slice.

// SummaryColumns are summary.csv's columns.
func SummaryColumns() []string {
	return []string{"metric", "site", "mean", "sd", "ci_low", "ci_high", "p05", "p50", "p95", "n"}
}

// ReplicationsColumns are replications.csv's columns.
func ReplicationsColumns() []string { return []string{"rep", "metric", "site", "value"} }

// DailyColumns are daily.csv's columns but the delayed_<reason> ones
// (DailyDelayColumns), which follow them.
func DailyColumns() []string {
	return []string{"rep", "day", "date", "site", "unit", "occupied", "arrivals", "admissions", "discharges", "delayed"}
}

// DailyTailColumns follow the delayed_<reason> columns in daily.csv:
// boarding, the mean number waiting for a bed that day (beds rows).
func DailyTailColumns() []string { return []string{"boarding"} }

// PatientsColumns are patients.csv's columns: each journey's summary,
// then its event times in hours since the start date (empty for events it
// did not have), its wait for a bed and its delay in a bed, in days.
func PatientsColumns() []string {
	return []string{"rep", "patient", "site", "cohort", "pathway", "arrived_day", "los_days", "route", "outcome", "pathway_start_day",
		"arrival_h", "decision_h", "sdec_start_h", "sdec_end_h", "bed_start_h", "medically_safe_h", "hub_referral_h",
		"hub_decision_h", "pathway_start_h", "end_h", "boarding_days", "delayed_days"}
}

// ComparisonColumns are comparison.csv's columns. comparison.csv has no
// key columns: a comparison is not a sweep. better is the metric's
// direction from the registry (lower, higher or empty); verdict says
// whether the alternative is better or worse by it, when the difference's
// interval excludes no change (empty otherwise).
func ComparisonColumns() []string {
	return append(ComparisonReadColumns(), "better", "verdict")
}

// ComparisonReadColumns are the comparison.csv columns a reader needs:
// runs written before better and verdict were added lack those two.
func ComparisonReadColumns() []string {
	return []string{"metric", "site", "base_mean", "alt_mean", "diff_mean", "diff_ci_low", "diff_ci_high", "n"}
}

// PeriodColumns end every row of summary.csv, replications.csv and
// comparison.csv in a run whose scenarios report financial years:
// period (the financial year, "2025/26", or "all" for the whole run),
// period_days (its days inside the recorded period) and period_partial
// (yes for a year only partly inside it). Readers that look columns up by
// name and keep the rows whose period is "all" (or that lack the column)
// read the whole run as before.
func PeriodColumns() []string { return []string{"period", "period_days", "period_partial"} }
