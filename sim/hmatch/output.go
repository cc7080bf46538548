package hmatch

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"github.com/flowsim/flowsim/sim/priors"
)

// Space names the dimensions of the hypercube and maps a point to the
// parameters' values in the units people read them in; *priors.Space is
// one.
type Space interface {
	Names() []string
	DisplayValues(u []float64) ([]float64, error)
}

// MemberName names point i of wave w, as in "w3-p0017": the name a point
// has in the plausible-set CSV and in the ensemble.
func MemberName(wave, i int) string { return fmt.Sprintf("w%d-p%04d", wave, i) }

func num(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// WritePlausibleCSV writes the plausible set, one row a point: its name,
// one column per prior (in display units) and its largest
// implausibility.
func (r *Result) WritePlausibleCSV(w io.Writer, s Space) error {
	cw := csv.NewWriter(w)
	cw.Write(append(append([]string{"member"}, s.Names()...), "max_implausibility"))
	for _, p := range r.PlausibleSet() {
		x, err := s.DisplayValues(p.Wave.Points[p.I])
		if err != nil {
			return fmt.Errorf("plausible set: %s: %w", p.Name(), err)
		}
		row := []string{p.Name()}
		for _, v := range x {
			row = append(row, num(v))
		}
		cw.Write(append(row, num(p.Wave.MaxI[p.I])))
	}
	cw.Flush()
	return cw.Error()
}

// WriteWavesCSV writes every point of every wave: wave, member, the point
// in display units, whether it is plausible, its Order-th largest and
// largest implausibility, the replications run there (fewer than the
// match's where a sequential match's first runs ruled the point out) and
// then each target's implausibility — the table behind "implausibility
// by wave" figures.
func (r *Result) WriteWavesCSV(w io.Writer, s Space, targets []Target) error {
	cw := csv.NewWriter(w)
	head := append([]string{"wave", "member"}, s.Names()...)
	head = append(head, "plausible", "implausibility", "max_implausibility", "runs")
	for _, t := range targets {
		head = append(head, "I:"+t.Name)
	}
	cw.Write(head)
	for _, wv := range r.Waves {
		for i, p := range wv.Points {
			x, err := s.DisplayValues(p)
			if err != nil {
				return fmt.Errorf("waves: %s: %w", MemberName(wv.Index, i), err)
			}
			row := []string{strconv.Itoa(wv.Index), MemberName(wv.Index, i)}
			for _, v := range x {
				row = append(row, num(v))
			}
			row = append(row, strconv.FormatBool(wv.Plausible[i]), num(wv.Measure[i]), num(wv.MaxI[i]), strconv.Itoa(len(wv.Runs[i])))
			for _, v := range wv.Implausibility[i] {
				row = append(row, num(v))
			}
			cw.Write(row)
		}
	}
	cw.Flush()
	return cw.Error()
}

// Ensemble returns the plausible set as an ensemble of s's overrides,
// one member a point of PlausibleSet, named as in the CSV.
// scenarioPath and priorsPath are recorded for people.
func (r *Result) Ensemble(s *priors.Space, scenarioPath, priorsPath string) (*priors.Ensemble, error) {
	e := &priors.Ensemble{Scenario: scenarioPath, Priors: priorsPath}
	for _, p := range r.PlausibleSet() {
		m, err := s.Member(p.Name(), p.Wave.Points[p.I])
		if err != nil {
			return nil, err
		}
		e.Members = append(e.Members, m)
	}
	return e, nil
}
