package model

import (
	"testing"

	"github.com/flowsim/flowsim/sim/census"
	"github.com/flowsim/flowsim/sim/engine"
	"github.com/flowsim/flowsim/sim/rng"
)

// FuzzCensus: whatever the census file holds, parsing it and resolving it
// against the plan never panic, and a census that is accepted starts a run
// that keeps every unit's counts right and never panics. (census.FuzzParse
// checks the format alone, faster.)
func FuzzCensus(f *testing.F) {
	seeds := []string{
		"site,days_in_unit,medically_safe,pathway\na,1,no,p0\n",
		"site,unit,cohort,pathway,days_in_unit,medically_safe,hub_done,hub_hours\na,beds,frail,p2,10,yes,no,3.5\na,d2a,,p1,1,yes,yes,0\nb,p2,young,p2,20,yes,yes,0\na,virtual_ward,frail,p3,2,yes,no,0\n",
		"site,days_in_hospital,medically_safe,pathway\nb,0,yes,p3\n",
		"site,unit,cohort,pathway,days_in_unit,medically_safe,sdec_stay\na,beds,young,p0,0.3,no,yes\nb,beds,,p0,1,no,yes\n",
		"site,unit,cohort,pathway,days_in_unit,medically_safe,elective\na,waiting,frail,p1,0.5,no,no\nb,waiting,,p0,2,no,yes\na,beds,,p0,40,no,yes\na,readmission,young,p0,29.9,no,no\nb,readmission,,p0,400,no,no\n",
		"site,days_in_unit,medically_safe,pathway,unit\na,NaN,no,p0,beds\n",
		"site,days_in_unit,medically_safe,pathway\n\"a,1,no,p0\n",
	}
	for _, s := range seeds {
		f.Add(s)
	}
	sc := allMechanisms(f)
	sc.Warmup = 0
	sc.Horizon = 3 * 24
	base, err := Prepare(sc)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, csv string) {
		file, err := census.Parse("census.csv", []byte(csv))
		if err != nil {
			return
		}
		// Half the inputs (by length) also run over capacity, as a
		// match's census start may (PrepareOptions.CensusOverCapacity).
		rows, err := resolveCensus(file, base, len(csv)%2 == 0)
		if err != nil {
			return
		}
		plan := *base
		plan.census = rows
		m := New(&plan, rng.Seed(1).Replication(0))
		m.start()
		m.eng.RunUntil(engine.Day)
		checkUnits(t, m)
		m.eng.RunUntil(plan.horizon)
		checkConservation(t, m.finish())
	})
}
