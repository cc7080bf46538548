package scenario

import "testing"

func TestScheduleBounds(t *testing.T) {
	s := Schedule{{Capacity: 10}, {Capacity: 24}, {Capacity: 20}}
	for _, c := range []struct {
		base, least, most int
	}{
		{18, 10, 24}, // the rota of notts/ed-capacity.yaml's QMC clinicians
		{5, 5, 24},   // a base below every rule
		{30, 10, 30}, // a base above every rule
	} {
		if got := s.Least(c.base); got != c.least {
			t.Errorf("Least(%d) = %d, want %d", c.base, got, c.least)
		}
		if got := s.Most(c.base); got != c.most {
			t.Errorf("Most(%d) = %d, want %d", c.base, got, c.most)
		}
	}
	if got := Schedule(nil).Least(7); got != 7 {
		t.Errorf("no schedule: Least(7) = %d, want 7", got)
	}
}
