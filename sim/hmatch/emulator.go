package hmatch

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Basis is the set of regressors of an emulator.
type Basis int

// The bases, from the richest down; fit picks the richest the runs allow.
const (
	// Quadratic: 1, every x_i, every x_i·x_j (i ≤ j).
	Quadratic Basis = iota
	// LinearSquares: 1, every x_i and x_i², no interactions.
	LinearSquares
	// Linear: 1 and every x_i.
	Linear
	// Constant: the mean alone.
	Constant
)

func (b Basis) String() string {
	return [...]string{"quadratic", "linear+squares", "linear", "constant"}[b]
}

// terms returns the number of regressors of basis b in d dimensions.
func (b Basis) terms(d int) int {
	switch b {
	case Quadratic:
		return 1 + d + d*(d+1)/2
	case LinearSquares:
		return 1 + 2*d
	case Linear:
		return 1 + d
	}
	return 1
}

// features writes the regressors of z into dst (length terms(len(z))).
func (b Basis) features(z, dst []float64) {
	dst[0] = 1
	k := 1
	if b == Constant {
		return
	}
	for _, v := range z {
		dst[k] = v
		k++
	}
	switch b {
	case LinearSquares:
		for _, v := range z {
			dst[k] = v * v
			k++
		}
	case Quadratic:
		for i := range z {
			for j := i; j < len(z); j++ {
				dst[k] = z[i] * z[j]
				k++
			}
		}
	}
}

// Emulator is one wave's cheap stand-in for the simulator: a least-squares
// regression of each target's point means on the point, fitted to that
// wave's runs, with inputs rescaled to [−1, 1] over the wave's points.
type Emulator struct {
	// Basis is the regressors used.
	Basis Basis
	lo    []float64 // per dimension: the smallest training coordinate
	span  []float64 // and the range
	beta  [][]float64
	s2    []float64 // residual variance per target
	rinv  []float64 // R⁻¹ of the design matrix's QR, p×p row-major, upper
	p     int
}

// fitEmulator fits an emulator to points xs and, per target, the point
// means ys[target][point]. It uses the richest basis with at least two
// runs a regressor (n ≥ 2p), falling back to a smaller basis when the
// design matrix is singular.
func fitEmulator(xs [][]float64, ys [][]float64) (*Emulator, error) {
	n, d := len(xs), len(xs[0])
	e := &Emulator{lo: make([]float64, d), span: make([]float64, d)}
	for j := range d {
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, x := range xs {
			lo, hi = math.Min(lo, x[j]), math.Max(hi, x[j])
		}
		e.lo[j], e.span[j] = lo, hi-lo
		if !(e.span[j] > 0) {
			e.span[j] = 1
		}
	}
	z := make([]float64, d)
	for b := Quadratic; b <= Constant; b++ {
		p := b.terms(d)
		if n < 2*p && b != Constant {
			continue
		}
		if n < p+1 {
			break
		}
		x := mat.NewDense(n, p, nil)
		for i, pt := range xs {
			e.scale(pt, z)
			b.features(z, x.RawRowView(i))
		}
		var qr mat.QR
		qr.Factorize(x)
		if c := qr.Cond(); math.IsInf(c, 0) || c > 1e10 {
			continue
		}
		var r mat.Dense
		qr.RTo(&r)
		rinv, err := upperInverse(&r, p)
		if err != nil {
			continue
		}
		e.Basis, e.p, e.rinv = b, p, rinv
		e.beta, e.s2 = make([][]float64, len(ys)), make([]float64, len(ys))
		ok := true
		for k, y := range ys {
			var beta mat.VecDense
			if err := qr.SolveVecTo(&beta, false, mat.NewVecDense(n, y)); err != nil {
				ok = false
				break
			}
			e.beta[k] = mat.Col(nil, 0, &beta)
			var rss float64
			for i := range n {
				res := y[i] - mat.Dot(x.RowView(i), &beta)
				rss += res * res
			}
			e.s2[k] = rss / float64(n-p)
		}
		if ok {
			return e, nil
		}
	}
	return nil, fmt.Errorf("emulator: %d runs in %d dimensions are too few to fit even a mean", n, d)
}

// upperInverse inverts the leading p×p upper triangle of r.
func upperInverse(r *mat.Dense, p int) ([]float64, error) {
	inv := make([]float64, p*p)
	for j := p - 1; j >= 0; j-- {
		rjj := r.At(j, j)
		if rjj == 0 {
			return nil, errors.New("singular")
		}
		inv[j*p+j] = 1 / rjj
		for i := j - 1; i >= 0; i-- {
			var s float64
			for k := i + 1; k <= j; k++ {
				s += r.At(i, k) * inv[k*p+j]
			}
			inv[i*p+j] = -s / r.At(i, i)
		}
	}
	return inv, nil
}

func (e *Emulator) scale(x, z []float64) {
	for j := range x {
		z[j] = 2*(x[j]-e.lo[j])/e.span[j] - 1
	}
}

// scratch is the per-caller workspace of predict.
type scratch struct{ z, phi, v []float64 }

func (e *Emulator) newScratch() *scratch {
	return &scratch{z: make([]float64, len(e.lo)), phi: make([]float64, e.p), v: make([]float64, e.p)}
}

// leverage sets s.phi to the regressors of x and returns h(x) =
// φᵀ(XᵀX)⁻¹φ = |R⁻ᵀφ|².
func (e *Emulator) leverage(x []float64, s *scratch) float64 {
	e.scale(x, s.z)
	e.Basis.features(s.z, s.phi)
	p := e.p
	var h float64
	for j := range p {
		var v float64
		for i := 0; i <= j; i++ {
			v += e.rinv[i*p+j] * s.phi[i]
		}
		h += v * v
	}
	return h
}

// predictTarget returns target k's prediction and its variance at the
// point whose regressors leverage last set.
func (e *Emulator) predictTarget(k int, h float64, s *scratch) (float64, float64) {
	var m float64
	for i, b := range e.beta[k] {
		m += b * s.phi[i]
	}
	return m, e.s2[k] * (1 + h)
}

// Predict returns, per target, the emulator's prediction of the mean of
// a wave's runs at x and its variance s²(1 + h(x)).
func (e *Emulator) Predict(x []float64) (mean, variance []float64) {
	s := e.newScratch()
	h := e.leverage(x, s)
	mean, variance = make([]float64, len(e.beta)), make([]float64, len(e.beta))
	for k := range e.beta {
		mean[k], variance[k] = e.predictTarget(k, h, s)
	}
	return mean, variance
}

// measure returns the order-th largest emulator implausibility at x (or a
// hard target's, if larger), stopping early once it is sure to exceed
// cutoff.
func (e *Emulator) measure(x []float64, targets []Target, order int, cutoff float64, s *scratch, buf []float64) float64 {
	h := e.leverage(x, s)
	over := 0
	for k, t := range targets {
		m, v := e.predictTarget(k, h, s)
		buf[k] = t.Implausibility(m, v)
		if buf[k] > cutoff {
			over++
			if over >= order || t.Hard {
				return math.Inf(1)
			}
		}
	}
	return measureOf(buf, targets, order)
}
