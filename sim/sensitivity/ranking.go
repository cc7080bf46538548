package sensitivity

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"text/tabwriter"
)

// Measures a Ranking can order factors by.
const (
	// ByMuStar orders by Morris μ*, with σ beside it.
	ByMuStar = "mu_star"
	// ByTotalOrder orders by the Sobol total-order index, with the
	// first-order index beside it.
	ByTotalOrder = "total_order"
)

// Ranking orders the factors by how much they move the output, largest
// first.
type Ranking struct {
	// Measure is ByMuStar or ByTotalOrder.
	Measure string
	// Factors are in rank order.
	Factors []RankedFactor
}

// RankedFactor is one row of a Ranking.
type RankedFactor struct {
	// Rank is 1 for the factor that moves the output most.
	Rank int
	// Name is the factor's name; Index its place in the design.
	Name  string
	Index int
	// Value is the measure (μ* or ST); Low and High its bootstrap interval.
	Value, Low, High float64
	// Other is the companion measure: σ for μ*, S1 for ST.
	Other float64
}

// Rank orders the factors, named by names (one per factor, in the
// design's order), by μ*.
func (r *MorrisResult) Rank(names []string) (Ranking, error) {
	if len(names) != len(r.Factors) {
		return Ranking{}, fmt.Errorf("rank: %d names for %d factors", len(names), len(r.Factors))
	}
	rows := make([]RankedFactor, len(r.Factors))
	for i, f := range r.Factors {
		rows[i] = RankedFactor{Name: names[i], Index: i, Value: f.MuStar, Low: f.MuStarLow, High: f.MuStarHigh, Other: f.Sigma}
	}
	return ranked(ByMuStar, rows), nil
}

// Rank orders the factors, named by names (one per factor, in the
// design's order), by total-order index.
func (r *SobolResult) Rank(names []string) (Ranking, error) {
	if len(names) != len(r.Factors) {
		return Ranking{}, fmt.Errorf("rank: %d names for %d factors", len(names), len(r.Factors))
	}
	rows := make([]RankedFactor, len(r.Factors))
	for i, f := range r.Factors {
		rows[i] = RankedFactor{Name: names[i], Index: i, Value: f.Total, Low: f.TotalLow, High: f.TotalHigh, Other: f.First}
	}
	return ranked(ByTotalOrder, rows), nil
}

// ranked sorts rows by value, largest first, NaN last and ties in design
// order, and numbers them.
func ranked(measure string, rows []RankedFactor) Ranking {
	slices.SortStableFunc(rows, func(a, b RankedFactor) int {
		if an, bn := math.IsNaN(a.Value), math.IsNaN(b.Value); an || bn {
			switch {
			case an && bn:
				return cmp.Compare(a.Index, b.Index)
			case an:
				return 1
			default:
				return -1
			}
		}
		if c := cmp.Compare(b.Value, a.Value); c != 0 {
			return c
		}
		return cmp.Compare(a.Index, b.Index)
	})
	for i := range rows {
		rows[i].Rank = i + 1
	}
	return Ranking{Measure: measure, Factors: rows}
}

// Header returns the column names of Rows.
func (r Ranking) Header() []string {
	if r.Measure == ByTotalOrder {
		return []string{"rank", "factor", "total_order", "low", "high", "first_order"}
	}
	return []string{"rank", "factor", "mu_star", "low", "high", "sigma"}
}

// Rows returns the ranking as text cells under Header, numbers with four
// significant digits: a table for a terminal or a CSV file.
func (r Ranking) Rows() [][]string {
	out := make([][]string, len(r.Factors))
	for i, f := range r.Factors {
		out[i] = []string{strconv.Itoa(f.Rank), f.Name, num(f.Value), num(f.Low), num(f.High), num(f.Other)}
	}
	return out
}

// WriteText writes the ranking to w as a table in aligned columns.
func (r Ranking) WriteText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	line := func(cells []string) {
		for _, c := range cells {
			fmt.Fprint(tw, c, "\t")
		}
		fmt.Fprintln(tw)
	}
	line(r.Header())
	for _, row := range r.Rows() {
		line(row)
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write ranking: %w", err)
	}
	return nil
}

func num(v float64) string { return strconv.FormatFloat(v, 'g', 4, 64) }
