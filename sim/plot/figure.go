package plot

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Kinds of run figure, in the order Figures makes them.
const (
	KindOccupancy  = "occupancy"
	KindDelays     = "delays"
	KindQueues     = "queues"
	KindLOS        = "los"
	KindComparison = "comparison"
	KindSweep      = "sweep"
	KindYears      = "years"
)

// Kinds lists every kind of run figure.
var Kinds = []string{KindOccupancy, KindDelays, KindQueues, KindUsage, KindLOS, KindComparison, KindSweep, KindYears}

// Formats are the image formats a figure can be written in.
var Formats = []string{"png", "svg"}

// PNG resolution: a 10-inch figure is 1500 pixels wide.
const pngDPI = 150

// Options choose which figures to make and how.
type Options struct {
	// Kind makes only figures of this kind; empty makes every kind the
	// run's files allow.
	Kind string
	// LogX draws length-of-stay figures on a logarithmic axis.
	LogX bool
	// Zoom draws the occupancy and resource-usage axes over the range the
	// lines use instead of from zero, so that a difference of a few beds
	// near capacity shows.
	Zoom bool
}

// Figure is one figure of a run, ready to draw.
type Figure struct {
	// Name is the file name without extension, e.g. "occupancy" or, in a
	// run of several scenarios, "occupancy-p2p3-capacity".
	Name string
	Kind string
	// Group is the scenario (or sweep point) the figure is about; nil for
	// figures of the whole run (comparison, sweep).
	Group *Group
	// Title is a one-line title; Caption says what is shown and how to
	// read it, for a report.
	Title, Caption string
	// Width and Height are the figure's size.
	Width, Height vg.Length

	draw func(c draw.Canvas)
}

// Write draws f to w as "png" (150 dpi) or "svg".
func (f *Figure) Write(w io.Writer, format string) error {
	return f.WriteDPI(w, format, pngDPI)
}

// WriteDPI is Write with the PNG resolution in dots per inch (at least
// 10); SVG ignores it.
func (f *Figure) WriteDPI(w io.Writer, format string, dpi int) error {
	dpi = max(dpi, 10)
	var c vg.CanvasWriterTo
	switch format {
	case "png":
		c = vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(f.Width, f.Height), vgimg.UseDPI(dpi))}
	case "svg":
		c = vgsvg.New(f.Width, f.Height)
	default:
		return fmt.Errorf("plot: unknown format %q: want png or svg", format)
	}
	f.draw(draw.New(c))
	if _, err := c.WriteTo(w); err != nil {
		return fmt.Errorf("plot: write %s %s: %w", f.Name, format, err)
	}
	return nil
}

// Skipped is a kind of figure that the run's files do not allow, and why.
type Skipped struct {
	Kind, Reason string
}

// KindError reports a requested kind that the run cannot draw.
type KindError struct {
	Kind, Reason string
}

func (e *KindError) Error() string { return fmt.Sprintf("no %s figure: %s", e.Kind, e.Reason) }

// Figures returns the figures of run r that o asks for, in the order of
// Kinds and then of r.Groups — except that a comparison's figure comes
// first, as it is the answer — with the kinds that do not apply and why.
// In a comparison the scenarios' occupancy is one figure, overlaid.
// Asking for a kind that does not apply is a *KindError.
func Figures(r *Run, o Options) ([]*Figure, []Skipped, error) {
	if o.Kind != "" && !slices.Contains(Kinds, o.Kind) {
		return nil, nil, fmt.Errorf("unknown kind %q: want one of %s", o.Kind, strings.Join(Kinds, ", "))
	}
	var figs []*Figure
	var skipped []Skipped
	multi := len(r.Groups) > 1
	kinds := Kinds
	if r.Comparison != nil {
		kinds = append([]string{KindComparison}, slices.DeleteFunc(slices.Clone(Kinds), func(k string) bool { return k == KindComparison })...)
	}
	for _, kind := range kinds {
		if o.Kind != "" && kind != o.Kind {
			continue
		}
		made, reason, err := figuresOf(r, kind, o, multi)
		if err != nil {
			return nil, nil, err
		}
		if reason != "" {
			if o.Kind != "" {
				return nil, nil, &KindError{Kind: kind, Reason: reason}
			}
			skipped = append(skipped, Skipped{Kind: kind, Reason: reason})
			continue
		}
		figs = append(figs, made...)
	}
	return figs, skipped, nil
}

// figuresOf makes the figures of one kind, or says why there are none.
func figuresOf(r *Run, kind string, o Options, multi bool) ([]*Figure, string, error) {
	name := func(g Group) string {
		if !multi {
			return kind
		}
		return kind + "-" + groupSlug(r, g)
	}
	var figs []*Figure
	switch kind {
	case KindOccupancy, KindDelays, KindQueues, KindUsage:
		if !r.HasDaily() {
			return nil, "needs " + DailyFile, nil
		}
		if kind == KindOccupancy && r.Comparison != nil && multi {
			var ds []OccupancyFigure
			for _, g := range r.Groups {
				d, err := OccupancyData(r, g)
				if err != nil {
					return nil, "", err
				}
				if len(d.Sites) > 0 {
					ds = append(ds, d)
				}
			}
			if len(ds) == 0 {
				return nil, "no bed rows in " + DailyFile, nil
			}
			f := overlaidOccupancyFigure(r, ds, o.Zoom)
			f.Name = kind
			return []*Figure{f}, "", nil
		}
		for _, g := range r.Groups {
			var f *Figure
			var err error
			switch kind {
			case KindOccupancy:
				var d OccupancyFigure
				if d, err = OccupancyData(r, g); err == nil && len(d.Sites) > 0 {
					f = occupancyFigure(r, d, o.Zoom)
				}
			case KindDelays:
				var d DelayFigure
				if d, err = DelayData(r, g); err == nil && len(d.Sites) > 0 {
					f = delayFigure(r, d)
				}
			case KindQueues:
				var d QueueFigure
				if d, err = QueueData(r, g); err == nil && len(d.Pathways) > 0 {
					f = queueFigure(r, d)
				}
			case KindUsage:
				var d UsageFigure
				if d, err = UsageData(r, g); err == nil && len(d.Services) > 0 {
					f = usageFigure(r, d, o.Zoom)
				}
			}
			if err != nil {
				return nil, "", err
			}
			if f != nil {
				f.Name, f.Group = name(g), &g
				figs = append(figs, f)
			}
		}
		if len(figs) == 0 {
			switch kind {
			case KindOccupancy, KindDelays:
				return nil, "no bed rows in " + DailyFile, nil
			case KindUsage:
				return nil, "no SDEC, virtual ward, hub, interim or p1–p3 rows in " + DailyFile + ": the scenario has no finite service but beds", nil
			default:
				return nil, "no pathway (p1–p3) rows in " + DailyFile + ": the scenario has no pathway capacities", nil
			}
		}
	case KindLOS:
		if !r.HasPatients() {
			return nil, "needs " + PatientsFile + " (run with --patients)", nil
		}
		for _, g := range r.Groups {
			d, err := LOSData(r, g, o.LogX)
			if err != nil {
				return nil, "", err
			}
			if len(d.BySite.Groups) == 0 {
				continue
			}
			f := losFigure(r, d)
			f.Name, f.Group = name(g), &g
			figs = append(figs, f)
		}
		if len(figs) == 0 {
			return nil, "no completed stays after the warm-up in " + PatientsFile, nil
		}
	case KindComparison:
		if r.Comparison == nil {
			return nil, "needs " + ComparisonFile + " (flowsim compare)", nil
		}
		d := ComparisonData(r)
		if len(d.Alternatives) == 0 {
			return nil, "no bed_days or delayed_bed_days rows in " + ComparisonFile, nil
		}
		f := comparisonFigure(r, d)
		f.Name = kind
		figs = append(figs, f)
	case KindSweep:
		if len(r.KeyCols) == 0 {
			return nil, "needs a sweep (summary.csv with swept parameter columns)", nil
		}
		d := SweepData(r)
		if len(d.Panels) == 0 {
			return nil, "no swept metrics in " + SummaryFile, nil
		}
		f := sweepFigure(r, d)
		f.Name = kind
		figs = append(figs, f)
	case KindYears:
		if len(r.Years) == 0 {
			return nil, "needs results by financial year (a scenario with financial_years: true)", nil
		}
		for _, g := range r.Groups {
			d := YearsData(r, g)
			if len(d.Panels) == 0 {
				continue
			}
			f := yearsFigure(r, d)
			f.Name, f.Group = name(g), &g
			figs = append(figs, f)
		}
		if len(figs) == 0 {
			return nil, "no metrics by financial year in " + SummaryFile, nil
		}
	}
	return figs, "", nil
}

// groupSlug names group g in file names: its scenario, when the run has
// several, and its sweep values.
func groupSlug(r *Run, g Group) string {
	var parts []string
	for _, o := range r.Groups {
		if o.Scenario != g.Scenario {
			parts = append(parts, g.Scenario)
			break
		}
	}
	parts = append(parts, g.Keys...)
	if len(parts) == 0 {
		parts = []string{g.Scenario}
	}
	return slug(strings.Join(parts, "-"))
}

// slug makes s safe and short in a file name.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '.', r == '_':
			b.WriteRune(r)
			dash = false
		default:
			if !dash && b.Len() > 0 {
				b.WriteByte('-')
				dash = true
			}
		}
	}
	return strings.TrimRight(b.String(), "-")
}
