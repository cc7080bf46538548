package rng

import (
	"math"
	"math/rand/v2"
	"testing"
)

func draws(s Seed, rep int, name string, n int) []uint64 {
	r := s.Replication(rep).Stream(name)
	out := make([]uint64, n)
	for i := range out {
		out[i] = r.Uint64()
	}
	return out
}

func equal(a, b []uint64) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return len(a) == len(b)
}

func TestStreamsAreReproducible(t *testing.T) {
	a := draws(42, 3, "arrivals/city", 16)
	// Creating other streams first must not shift this one.
	rep := Seed(42).Replication(3)
	_ = rep.Stream("los/qmc").Uint64()
	_ = rep.Stream("new-purpose").Uint64()
	if b := draws(42, 3, "arrivals/city", 16); !equal(a, b) {
		t.Fatal("same (seed, rep, name) gave different draws")
	}
}

func TestStreamsDiffer(t *testing.T) {
	base := draws(42, 3, "arrivals/city", 16)
	others := map[string][]uint64{
		"other seed": draws(43, 3, "arrivals/city", 16),
		"other rep":  draws(42, 4, "arrivals/city", 16),
		"other name": draws(42, 3, "arrivals/qmc", 16),
		"swapped":    draws(3, 42, "arrivals/city", 16),
	}
	for what, d := range others {
		if equal(base, d) {
			t.Errorf("%s gave the same stream", what)
		}
	}
}

// TestStreamsLookIndependent is a cheap check that streams of adjacent
// replications are not correlated: the sample correlation of 100,000 paired
// uniforms should be within ~4 standard errors (1/sqrt(n)) of zero.
func TestStreamsLookIndependent(t *testing.T) {
	const n = 100000
	a := Seed(1).Replication(0).Stream("x")
	b := Seed(1).Replication(1).Stream("x")
	var sa, sb, sab, saa, sbb float64
	for range n {
		x, y := a.Float64(), b.Float64()
		sa += x
		sb += y
		sab += x * y
		saa += x * x
		sbb += y * y
	}
	cov := sab/n - sa/n*sb/n
	corr := cov / math.Sqrt((saa/n-sa/n*sa/n)*(sbb/n-sb/n*sb/n))
	if math.Abs(corr) > 4/math.Sqrt(n) {
		t.Fatalf("correlation between adjacent replications = %v", corr)
	}
}

func TestReseedGivesPerItemStreams(t *testing.T) {
	rep := Seed(9).Replication(0)
	k := rep.Key("los/city")
	var src rand.PCG
	r := rand.New(&src)
	first := func(id uint64) uint64 { Reseed(&src, k, id); return r.Uint64() }
	a := first(5)
	_ = first(6)
	if b := first(5); a != b {
		t.Fatal("reseeding with the same (key, id) gave a different stream")
	}
	if first(5) == first(6) || first(5) == func() uint64 { Reseed(&src, rep.Key("route/city"), 5); return r.Uint64() }() {
		t.Fatal("different ids or keys gave the same stream")
	}
	allocs := testing.AllocsPerRun(100, func() { Reseed(&src, k, 7); _ = r.Float64() })
	if allocs != 0 {
		t.Fatalf("Reseed allocated %v times", allocs)
	}
}

// TestItemsIsReseededPCG: Items gives, value for value, the stream a
// rand.PCG reseeded with Reseed gives, through rand.Rand (uniforms,
// normals, exponentials) and through its own Float64, so switching the
// model to it changed no result.
func TestItemsIsReseededPCG(t *testing.T) {
	rep := Seed(9).Replication(4)
	var pcg rand.PCG
	var items Items
	want, got := rand.New(&pcg), rand.New(&items)
	for _, name := range []string{"los/city", "needs/qmc", "route/kings_mill"} {
		k := rep.Key(name)
		for _, id := range []uint64{0, 1, 2, 1 << 48, 1<<48 | 7, 123456789} {
			Reseed(&pcg, k, id)
			items.Reset(k, id)
			for i := range 50 {
				var w, g float64
				switch i % 4 {
				case 0:
					w, g = want.Float64(), items.Float64()
				case 1:
					w, g = want.NormFloat64(), got.NormFloat64()
				case 2:
					w, g = want.ExpFloat64(), got.ExpFloat64()
				default:
					w, g = float64(want.Uint64()), float64(items.Uint64())
				}
				if w != g {
					t.Fatalf("%s item %d draw %d: Items %v, reseeded PCG %v", name, id, i, g, w)
				}
			}
		}
	}
	k := rep.Key("los/city")
	allocs := testing.AllocsPerRun(100, func() { items.Reset(k, 7); _ = items.Float64() + got.NormFloat64() })
	if allocs != 0 {
		t.Fatalf("Items allocated %v times", allocs)
	}
}
