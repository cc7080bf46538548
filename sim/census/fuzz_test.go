package census

import (
	"bytes"
	"math"
	"reflect"
	"testing"
)

// FuzzParse: whatever a census file holds, Parse never panics; a row it
// accepts is within the format's bounds, and what Write writes of the rows
// Parse reads back to the same rows, to Write's decimals.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"site,days_in_unit,medically_safe,pathway\na,1,no,p0\n",
		"site,unit,cohort,pathway,days_in_unit,medically_safe,hub_done,hub_hours\na,beds,frail,p2,10,yes,no,3.5\na,d2a,,p1,1,yes,yes,0\nb,p2,young,p2,20,yes,yes,0\na,virtual_ward,frail,p3,2,yes,no,0\n",
		"site,days_in_hospital,medically_safe,pathway\nb,0,yes,p3\n",
		"site,unit,cohort,pathway,days_in_unit,medically_safe,sdec_stay\na,beds,young,p0,0.3,no,yes\nb,beds,,p0,1,no,yes\n",
		"site,unit,cohort,pathway,days_in_unit,medically_safe,elective\na,waiting,frail,p1,0.5,no,no\nb,waiting,,p0,2,no,yes\na,beds,,p0,40,no,yes\na,readmission,young,p0,29.9,no,no\nb,readmission,,p0,400,no,no\n",
		"site,days_in_unit,medically_safe,pathway,unit\na,NaN,no,p0,beds\n",
		"site,days_in_unit,medically_safe,pathway\n\"a,1,no,p0\n",
		"cohort,site,days_in_unit,medically_safe,pathway\n\" x\ny \",a,1e-9,yes,P2\n",
	} {
		f.Add(s)
	}
	units := map[string]bool{Beds: true, VirtualWard: true, D2A: true, P1: true, P2: true, P3: true, Waiting: true, Readmission: true}
	f.Fuzz(func(t *testing.T, data string) {
		file, err := Parse("c.csv", []byte(data))
		if err != nil {
			return
		}
		for _, r := range file.Rows {
			if !(r.DaysInUnit >= 0 && r.DaysInUnit <= MaxDays) || !(r.HubHours >= 0 && r.HubHours <= MaxHubHours) ||
				r.Pathway < 0 || r.Pathway > 3 || !units[r.Unit] || r.Line < 2 {
				t.Fatalf("accepted a row out of bounds: %+v", r)
			}
		}
		var buf bytes.Buffer
		if err := Write(&buf, file.Rows); err != nil {
			t.Fatal(err)
		}
		back, err := Parse("w.csv", buf.Bytes())
		if err != nil {
			t.Fatalf("Write wrote what Parse refuses: %v\n%s", err, buf.Bytes())
		}
		if len(back.Rows) != len(file.Rows) {
			t.Fatalf("read back %d rows of %d", len(back.Rows), len(file.Rows))
		}
		for i, r := range file.Rows {
			b := back.Rows[i]
			if math.Abs(b.DaysInUnit-r.DaysInUnit) > 0.6e-4 || math.Abs(b.HubHours-r.HubHours) > 0.6e-2 {
				t.Fatalf("row %d: times %v, %v read back as %v, %v", i, r.DaysInUnit, r.HubHours, b.DaysInUnit, b.HubHours)
			}
			r.Line, r.DaysInUnit, r.HubHours = 0, 0, 0
			b.Line, b.DaysInUnit, b.HubHours = 0, 0, 0
			if !reflect.DeepEqual(r, b) {
				t.Fatalf("row %d: %+v read back as %+v", i, r, b)
			}
		}
	})
}
