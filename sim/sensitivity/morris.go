package sensitivity

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/flowsim/flowsim/sim/rng"
)

// MorrisOptions set a Morris design.
type MorrisOptions struct {
	// Factors is the number of factors k (at least 1).
	Factors int
	// Levels is the number of grid levels p per factor: even and at least
	// 2; 0 means 4. The step is Δ = p / (2(p−1)), so that every level is
	// visited equally often (Morris 1991).
	Levels int
	// Trajectories is the number r of trajectories (at least 2, for σ).
	Trajectories int
	// Candidates, if more than Trajectories, draws that many trajectories
	// and keeps the Trajectories most spread out (Campolongo et al. 2007).
	// 0 draws exactly Trajectories. The choice compares every pair of
	// candidates, O(Candidates² (Factors+1)² Factors): about 2 s for
	// 500 candidates of 20 factors.
	Candidates int
	// Seed seeds the trajectories.
	Seed uint64
}

// MorrisDesign is the set of points of a Morris screening: Trajectories
// trajectories of Factors+1 points each, one after the other in Points.
// Within a trajectory consecutive points differ in one factor by ±Δ, and
// every factor moves once.
type MorrisDesign struct {
	Factors, Levels, Trajectories int
	// Delta is the step Δ of the grid's elementary effects.
	Delta float64
	// Points are the Trajectories×(Factors+1) points to evaluate, in
	// [0, 1]^Factors: trajectory t is Points[t*(Factors+1) : (t+1)*(Factors+1)].
	Points [][]float64

	// moved[t][s] is the factor that changes between points s and s+1 of
	// trajectory t.
	moved [][]int
}

// NewMorris draws the trajectories of a Morris design.
func NewMorris(o MorrisOptions) (*MorrisDesign, error) {
	if o.Levels == 0 {
		o.Levels = 4
	}
	switch {
	case o.Factors < 1:
		return nil, fmt.Errorf("morris: factors %d: want at least 1", o.Factors)
	case o.Levels < 2 || o.Levels%2 != 0:
		return nil, fmt.Errorf("morris: levels %d: want an even number of at least 2", o.Levels)
	case o.Trajectories < 2:
		return nil, fmt.Errorf("morris: trajectories %d: want at least 2", o.Trajectories)
	case o.Candidates != 0 && o.Candidates < o.Trajectories:
		return nil, fmt.Errorf("morris: candidates %d: want 0 or at least the %d trajectories", o.Candidates, o.Trajectories)
	}
	d := &MorrisDesign{
		Factors:      o.Factors,
		Levels:       o.Levels,
		Trajectories: o.Trajectories,
		Delta:        float64(o.Levels) / (2 * float64(o.Levels-1)),
	}
	pool := max(o.Candidates, o.Trajectories)
	r := rng.Seed(o.Seed).Replication(0).Stream("sensitivity/morris")
	trajs := make([][][]float64, pool)
	moves := make([][]int, pool)
	for t := range trajs {
		trajs[t], moves[t] = d.trajectory(r)
	}
	keep := make([]int, pool)
	for i := range keep {
		keep[i] = i
	}
	if pool > o.Trajectories {
		keep = spreadOut(trajs, o.Trajectories)
	}
	for _, t := range keep {
		d.Points = append(d.Points, trajs[t]...)
		d.moved = append(d.moved, moves[t])
	}
	return d, nil
}

// trajectory draws one trajectory: a base point on the grid levels from
// which a step of +Δ stays on the grid, a random order of the factors and a
// random direction for each; a factor stepping down starts Δ higher.
func (d *MorrisDesign) trajectory(r *rand.Rand) ([][]float64, []int) {
	k, p := d.Factors, d.Levels
	x := make([]float64, k)
	up := make([]bool, k)
	for i := range x {
		level := r.IntN(p / 2)
		if up[i] = r.IntN(2) == 0; !up[i] {
			level += p / 2 // Δ is p/2 levels
		}
		x[i] = float64(level) / float64(p-1)
	}
	order := r.Perm(k)
	pts := make([][]float64, 0, k+1)
	pts = append(pts, x)
	for _, i := range order {
		next := append([]float64(nil), pts[len(pts)-1]...)
		if up[i] {
			next[i] += d.Delta
		} else {
			next[i] -= d.Delta
		}
		// Levels are multiples of 1/(p-1): snap away the rounding of the
		// sums so that the grid's ends are exactly 0 and 1.
		next[i] = math.Round(next[i]*float64(p-1)) / float64(p-1)
		pts = append(pts, next)
	}
	return pts, order
}

// spreadOut returns the indices, ascending, of r of the trajectories that
// are spread out over the cube: Campolongo et al. (2007) maximise the sum of
// squared distances between the chosen trajectories, where the distance of
// two trajectories is the sum of the Euclidean distances between all pairs
// of their points. The exhaustive search is combinatorial, so this is the
// greedy version: start from the farthest pair, then add the trajectory
// that adds most to the sum (ties to the lower index).
func spreadOut(trajs [][][]float64, r int) []int {
	m := len(trajs)
	dist := make([][]float64, m)
	for a := range dist {
		dist[a] = make([]float64, m)
	}
	for a := range m {
		for b := a + 1; b < m; b++ {
			s := 0.0
			for _, x := range trajs[a] {
				for _, y := range trajs[b] {
					s += euclid(x, y)
				}
			}
			dist[a][b], dist[b][a] = s, s
		}
	}
	first, second, best := 0, 1, -1.0
	for a := range m {
		for b := a + 1; b < m; b++ {
			if dist[a][b] > best {
				first, second, best = a, b, dist[a][b]
			}
		}
	}
	chosen := make([]bool, m)
	chosen[first], chosen[second] = true, true
	gain := make([]float64, m) // sum of squared distances to the chosen
	for c := range m {
		gain[c] = dist[c][first]*dist[c][first] + dist[c][second]*dist[c][second]
	}
	for n := 2; n < r; n++ {
		next := -1
		for c := range m {
			if !chosen[c] && (next < 0 || gain[c] > gain[next]) {
				next = c
			}
		}
		chosen[next] = true
		for c := range m {
			gain[c] += dist[c][next] * dist[c][next]
		}
	}
	keep := make([]int, 0, r)
	for c, ok := range chosen {
		if ok {
			keep = append(keep, c)
		}
	}
	return keep
}

func euclid(x, y []float64) float64 {
	s := 0.0
	for i := range x {
		d := x[i] - y[i]
		s += d * d
	}
	return math.Sqrt(s)
}

// MorrisFactor is the screening result of one factor.
type MorrisFactor struct {
	// Mu is the mean elementary effect: effects of opposite signs cancel.
	Mu float64
	// MuStar is the mean absolute elementary effect (Campolongo et al.
	// 2007), the measure of importance; MuStarLow and MuStarHigh are its
	// bootstrap percentile interval over trajectories.
	MuStar, MuStarLow, MuStarHigh float64
	// Sigma is the standard deviation of the elementary effects (n−1
	// denominator): large when the factor interacts or acts non-linearly.
	Sigma float64
}

// MorrisResult is the analysis of a Morris design.
type MorrisResult struct {
	// Factors holds one result per factor, in the design's order.
	Factors []MorrisFactor
	// Effects[i] are the elementary effects of factor i, one per
	// trajectory: the change in the output per unit change of the factor's
	// coordinate, that is per whole prior range when the caller maps
	// [0, 1] onto the prior. μ, μ* and σ are in the same unit.
	Effects [][]float64
}

// Analyze computes the elementary effects from y, the outputs at d.Points
// in order, and their μ, μ* (with its bootstrap interval) and σ.
func (d *MorrisDesign) Analyze(y []float64, b Bootstrap) (*MorrisResult, error) {
	if err := checkOutputs(y, len(d.Points)); err != nil {
		return nil, fmt.Errorf("morris: %w", err)
	}
	b, err := b.withDefaults()
	if err != nil {
		return nil, fmt.Errorf("morris: %w", err)
	}
	k, r := d.Factors, d.Trajectories
	res := &MorrisResult{Factors: make([]MorrisFactor, k), Effects: make([][]float64, k)}
	for i := range res.Effects {
		res.Effects[i] = make([]float64, r)
	}
	for t := range r {
		base := t * (k + 1)
		for s, i := range d.moved[t] {
			step := d.Points[base+s+1][i] - d.Points[base+s][i]
			res.Effects[i][t] = (y[base+s+1] - y[base+s]) / step
		}
	}
	boot := b.stream("morris")
	draws := make([]int, r)
	stars := make([][]float64, k)
	for i := range stars {
		stars[i] = make([]float64, b.Resamples)
	}
	// Resample whole trajectories, the same for every factor, as the
	// effects of one trajectory share its base point.
	for s := range b.Resamples {
		for j := range draws {
			draws[j] = boot.IntN(r)
		}
		for i, ee := range res.Effects {
			sum := 0.0
			for _, j := range draws {
				sum += math.Abs(ee[j])
			}
			stars[i][s] = sum / float64(r)
		}
	}
	for i, ee := range res.Effects {
		f := &res.Factors[i]
		var sum, abs float64
		for _, e := range ee {
			sum += e
			abs += math.Abs(e)
		}
		f.Mu, f.MuStar = sum/float64(r), abs/float64(r)
		ss := 0.0
		for _, e := range ee {
			ss += (e - f.Mu) * (e - f.Mu)
		}
		f.Sigma = math.Sqrt(ss / float64(r-1))
		f.MuStarLow, f.MuStarHigh = b.percentile(stars[i])
	}
	return res, nil
}

// RunMorris draws the design of o, evaluates m at its points and analyses
// the outputs.
func RunMorris(ctx context.Context, o MorrisOptions, m Model, b Bootstrap) (*MorrisResult, error) {
	d, err := NewMorris(o)
	if err != nil {
		return nil, err
	}
	y, err := evaluate(ctx, m, d.Points)
	if err != nil {
		return nil, fmt.Errorf("morris: %w", err)
	}
	return d.Analyze(y, b)
}
