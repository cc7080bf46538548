package runs

import (
	"encoding/base64"
	"errors"
	"io/fs"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/flowsim/flowsim/sim/plot"
	"github.com/flowsim/flowsim/sim/report"
)

// shownRun is what a results page shows of a finished run: its report,
// and the report's figures as SVG files of their own, so that the page
// links them from its own origin (a page's content security policy may
// well refuse data: images) and a planner can save one.
type shownRun struct {
	report *report.Report
	// run is the run as read for figures, for a sweep's curves.
	run *plot.Run
	// figures are the SVG documents by file name (the figure's ID and
	// .svg), for the figures whose ID is a plain name.
	figures map[string][]byte
}

// shownFigure is one figure of a results page: File, when not empty, is
// its SVG file under figures/; otherwise the page embeds its Src.
type shownFigure struct {
	report.Figure
	File string
}

// figureList returns the page's figures in the report's order.
func (p *shownRun) figureList() []shownFigure {
	out := make([]shownFigure, len(p.report.Figures))
	for i, f := range p.report.Figures {
		out[i] = shownFigure{Figure: f}
		if _, ok := p.figures[f.ID+".svg"]; ok {
			out[i].File = f.ID + ".svg"
		}
	}
	return out
}

// newShownRun reads a report's SVG figures out of the data: URIs it
// embeds them in.
func newShownRun(rep *report.Report) (*shownRun, error) {
	p := &shownRun{report: rep, figures: map[string][]byte{}}
	for _, f := range rep.Figures {
		if !plainName(f.ID + ".svg") {
			continue
		}
		svg, err := figureSVG(f)
		if err != nil {
			return nil, err
		}
		p.figures[f.ID+".svg"] = svg
	}
	return p, nil
}

// figureSVG returns the SVG document a report figure built with
// report.Options.Format "svg" embeds.
func figureSVG(f report.Figure) ([]byte, error) {
	const prefix, suffix = `src="data:image/svg+xml;base64,`, `"`
	src := string(f.Src)
	if !strings.HasPrefix(src, prefix) || !strings.HasSuffix(src, suffix) {
		return nil, errors.New("figure " + f.ID + " is not embedded as SVG")
	}
	svg, err := base64.StdEncoding.DecodeString(src[len(prefix) : len(src)-len(suffix)])
	if err != nil {
		return nil, errors.New("figure " + f.ID + ": " + err.Error())
	}
	return svg, nil
}

// pageCache keeps what the results pages of the runs shown last show: a
// finished run does not change, so its report is built once (it reads
// every result file and draws every figure). An entry is used only while
// the manifest's size and time are those it was built from.
type pageCache struct {
	mu      sync.Mutex // also serialises the building of reports
	entries []cachedRun
}

// maxCached is how many runs pageCache keeps.
const maxCached = 8

type cachedRun struct {
	dir  string
	size int64
	mod  time.Time
	run  *shownRun
}

// get returns what the results page of the run in dir shows, given its
// manifest's information mst.
func (c *pageCache) get(dir string, mst fs.FileInfo) (*shownRun, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, e := range c.entries {
		if e.dir == dir {
			if e.size == mst.Size() && e.mod.Equal(mst.ModTime()) {
				return e.run, nil
			}
			c.entries = slices.Delete(c.entries, i, i+1)
			break
		}
	}
	rep, pr, err := buildReport(dir)
	if err != nil {
		return nil, err
	}
	p, err := newShownRun(rep)
	if err != nil {
		return nil, err
	}
	p.run = pr
	if len(c.entries) >= maxCached {
		c.entries = c.entries[1:]
	}
	c.entries = append(c.entries, cachedRun{dir: dir, size: mst.Size(), mod: mst.ModTime(), run: p})
	return p, nil
}
