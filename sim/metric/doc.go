package metric

import (
	"fmt"
	"strings"
)

// Markdown returns the registry as a Markdown table: name, label, unit,
// which direction is better, and what is measured. docs/metrics.md is
// this table (a test keeps it in step).
func Markdown() string {
	var b strings.Builder
	b.WriteString("| metric | label | unit | better | what it measures |\n|---|---|---|---|---|\n")
	for _, d := range defs {
		better := d.Better.String()
		if better == "" {
			better = "–"
		}
		desc := d.Description
		switch {
		case d.OnlyWith != "":
			desc += fmt.Sprintf(" (reported only by scenarios with an %s section; 0 in a comparison with one that has none)", d.OnlyWith)
		case d.Optional:
			desc += " (shown only where the scenario has this part)"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s |\n", d.Name, d.Label, d.Unit, better, desc)
	}
	return b.String()
}
