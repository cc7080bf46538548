package sensitivity

import (
	"math"
	"strings"
	"testing"
)

// TestRanking: factors are ordered by the measure, largest first, ties in
// design order and NaN last; the table has the measure's columns.
func TestRanking(t *testing.T) {
	m := &MorrisResult{Factors: []MorrisFactor{
		{MuStar: 1, Sigma: 0.1}, {MuStar: math.NaN()}, {MuStar: 5, MuStarLow: 4, MuStarHigh: 6, Sigma: 2}, {MuStar: 1, Sigma: 0.3},
	}}
	r, err := m.Rank([]string{"a", "b", "c", "d"})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for i, f := range r.Factors {
		names = append(names, f.Name)
		if f.Rank != i+1 {
			t.Errorf("%s has rank %d at row %d", f.Name, f.Rank, i)
		}
	}
	if got := strings.Join(names, ""); got != "cadb" {
		t.Errorf("order %q, want cadb", got)
	}
	var b strings.Builder
	if err := r.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
	if len(lines) != 5 || !strings.Contains(lines[0], "mu_star") || !strings.Contains(lines[0], "sigma") ||
		strings.Join(strings.Fields(lines[1]), " ") != "1 c 5 4 6 2" {
		t.Errorf("table:\n%s", b.String())
	}
	s := &SobolResult{Factors: []SobolFactor{{Total: 0.2, First: 0.1}, {Total: 0.7, First: 0.6}}}
	rs, err := s.Rank([]string{"x", "y"})
	if err != nil {
		t.Fatal(err)
	}
	if rs.Measure != ByTotalOrder || rs.Factors[0].Name != "y" || rs.Factors[0].Other != 0.6 || rs.Header()[2] != "total_order" {
		t.Errorf("sobol ranking %+v", rs)
	}
	if _, err := s.Rank([]string{"x"}); err == nil {
		t.Error("1 name for 2 factors accepted")
	}
}
