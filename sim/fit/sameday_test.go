package fit

import (
	"math"
	"math/rand/v2"
	"testing"
)

// sameDaySample returns n stays in days: with probability share a
// same-day stay of 1 + 10u² hours for u uniform on [0, 1) — mean 13/3 ≈
// 4.33h, median 3.5h, sd 10·√(1/5 - 1/9) ≈ 2.98h — flagged, else a
// lognormal with meanlog mu and sdlog sigma; all from a fixed seed.
func sameDaySample(n int, share, mu, sigma float64, seed uint64) Data {
	r := rand.New(rand.NewPCG(seed, 0xda7))
	d := Data{Values: make([]float64, n), SameDay: make([]bool, n)}
	for i := range d.Values {
		if r.Float64() < share {
			u := r.Float64()
			d.Values[i] = (1 + 10*u*u) / 24
			d.SameDay[i] = true
		} else {
			d.Values[i] = math.Exp(mu + sigma*r.NormFloat64())
		}
	}
	return d
}

// TestFitSameDay: a sample with 30% flagged same-day stays recorded as
// fractions of a day is recovered as the model's own shape: the share
// within 4 standard errors √(p(1-p)/n), meanlog and sdlog within 4 of
// their standard errors (about 0.011 and 0.008 here: fitting the
// lognormal to every stay would put meanlog near 1.1 and sdlog near 1.4),
// and the fixed stay at the same-day stays' mean of 4.33h within 4
// standard errors (2.98h/√(pn), about 0.35h; their median, 3.5h, would
// fail). Without the flags the single lognormal misses
// the data's mean by more than 10%, the complaint; with them it
// does not, while the exponential still misses the p95.
func TestFitSameDay(t *testing.T) {
	const n, p0, mu, sigma = 6000, 0.3, 2.0, 0.6
	d := sameDaySample(n, p0, mu, sigma, 11)
	r, err := Fit(d)
	if err != nil {
		t.Fatal(err)
	}
	best := r.Best()
	if best.Family != LogNormal {
		t.Fatalf("best is %v, want lognormal", best.Family)
	}
	if r.Counts.SameDay != r.Counts.N-r.Counts.Positive || r.Counts.Zeros != 0 {
		t.Errorf("counts %+v", r.Counts)
	}
	if z := (best.SameDayShare - p0) / math.Sqrt(p0*(1-p0)/n); math.Abs(z) > 4 {
		t.Errorf("same-day share %.4f, true %v: %.1f SE off", best.SameDayShare, p0, z)
	}
	for j, want := range []float64{mu, sigma} {
		if z := (best.Params[j] - want) / best.SE[j]; math.Abs(z) > 4 || best.SE[j] > 0.02 {
			t.Errorf("%s = %.4f ± %.4f, true %v: %.1f SE off", LogNormal.ParamNames()[j], best.Params[j], best.SE[j], want, z)
		}
	}
	se := 10 * math.Sqrt(1.0/5-1.0/9) / math.Sqrt(p0*n)
	if z := (best.SameDayValue*24 - 13.0/3) / se; math.Abs(z) > 4 {
		t.Errorf("fixed same-day stay %.3fh, want 4.333h: %.1f SE off", best.SameDayValue*24, z)
	}
	if m := r.Misses(best); len(m) != 0 {
		t.Errorf("the true family misses the data: %+v", m)
	}
	var exp Model
	for _, m := range r.Models {
		if m.Family == Exponential {
			exp = m
		}
	}
	if m := r.Misses(exp); len(m) != 1 || m[0].Stat != "p95" || m[0].Gap() < 0.2 {
		t.Errorf("exponential misses %+v, want its p95 about 30%% high", m)
	}

	d.SameDay = nil
	single, err := FitFamily(LogNormal, d)
	if err != nil {
		t.Fatal(err)
	}
	var miss []Miss
	if rs, err := Fit(d); err == nil {
		miss = rs.Misses(single)
	}
	if len(miss) == 0 || miss[0].Stat != "mean" || miss[0].Gap() < 0.1 {
		t.Errorf("a single lognormal misses %+v, want its mean over 10%% high", miss)
	}
}

// TestSameDayCensored: a value both same-day and censored is refused.
func TestSameDayCensored(t *testing.T) {
	d := Data{Values: []float64{0.2, 3, 4, 5}, Censored: []bool{true, false, false, false}, SameDay: []bool{true, false, false, false}}
	if _, err := Fit(d); err == nil {
		t.Error("no error for a censored same-day stay")
	}
	d.SameDay = d.SameDay[:2]
	if _, err := Fit(d); err == nil {
		t.Error("no error for too few same-day flags")
	}
}

// TestModelPointMass: with the fixed stay at v > 0 inside the positive
// part's range, the whole model's CDF jumps by the share at v, its
// quantile is the exact inverse around the jump, and its mean and sampler
// agree.
func TestModelPointMass(t *testing.T) {
	m := Model{Family: LogNormal, Params: []float64{0, 1}, SameDayShare: 0.3, SameDayValue: 0.25}
	pos := m.Positive()
	below := 0.7 * pos.CDF(0.25)
	if got := m.CDF(0.25); math.Abs(got-(below+0.3)) > 1e-15 {
		t.Errorf("CDF(v) = %v, want %v", got, below+0.3)
	}
	if got := m.CDF(0.2499999); math.Abs(got-0.7*pos.CDF(0.2499999)) > 1e-15 {
		t.Errorf("CDF just below v = %v, want the positive part alone", got)
	}
	for _, p := range []float64{0.01, below / 2, below + 0.01, below + 0.29, below + 0.31, 0.5, 0.95, 0.999} {
		x := m.Quantile(p)
		if !(m.CDF(x) >= p-1e-12) || !(m.CDF(x*(1-1e-9)) < p+1e-12) {
			t.Errorf("Quantile(%v) = %v: CDF %v there and %v just below", p, x, m.CDF(x), m.CDF(x*(1-1e-9)))
		}
		if in := p > below && p <= below+0.3; in != (x == 0.25) {
			t.Errorf("Quantile(%v) = %v; the point mass spans (%v, %v]", p, x, below, below+0.3)
		}
	}
	want := 0.3*0.25 + 0.7*math.Exp(0.5)
	if math.Abs(m.Mean()-want) > 1e-12 {
		t.Errorf("Mean = %v, want %v", m.Mean(), want)
	}
	ds := must(m.Distribution())
	xs := draw(ds, 200000, 3)
	var sum float64
	fixed := 0
	for _, x := range xs {
		sum += x
		if x == 0.25 {
			fixed++
		}
	}
	// The sampler's mean within 4 standard errors (sd of the mixture about
	// 1.9), and its fixed branch at 0.25 with the share.
	if z := (sum/float64(len(xs)) - want) / (1.9 / math.Sqrt(float64(len(xs)))); math.Abs(z) > 4 {
		t.Errorf("sampler mean %v, want %v: %.1f SE off", sum/float64(len(xs)), want, z)
	}
	if share := float64(fixed) / float64(len(xs)); math.Abs(share-0.3) > 4*math.Sqrt(0.21/float64(len(xs))) {
		t.Errorf("sampler's fixed share %v, want 0.3", share)
	}
}
