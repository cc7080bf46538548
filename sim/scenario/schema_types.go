package scenario

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/invopop/jsonschema"
)

// The types that decode themselves from YAML say how they are written with
// a JSONSchema method, the convention of github.com/invopop/jsonschema,
// which Schema then uses in place of their Go kind (a Duration is a
// float64 to Go, but text such as "4h" in a file). Schema refuses a
// self-decoding type without one; the method must have a value receiver,
// as the reflector looks it up on the value type.

// JSONSchema returns the schema of a duration as written in scenario files:
// what ParseDuration accepts.
func (Duration) JSONSchema() *jsonschema.Schema {
	return unitSchema(durationUnits[:], "", "a duration such as 30m, 4h, 6.5d or 2w, or 0",
		parseMessage(func(s string) error { _, err := ParseDuration(s); return err }, "4"))
}

// JSONSchema returns the schema of a rate as written in scenario files:
// what ParseRate accepts.
func (Rate) JSONSchema() *jsonschema.Schema {
	return unitSchema(rateUnits[:], "/", "a rate such as 4/h, 96/d or 29273/y, or 0",
		parseMessage(func(s string) error { _, err := ParseRate(s); return err }, "4"))
}

// JSONSchema returns the schema of a date as written in scenario files:
// what ParseDate accepts.
func (Date) JSONSchema() *jsonschema.Schema {
	s := &jsonschema.Schema{
		Type:    "string",
		Pattern: `^\s*[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])\s*$`,
	}
	setExtra(s, "patternErrorMessage", parseMessage(func(s string) error { _, err := ParseDate(s); return err }, "x"))
	return s
}

// decimalPattern matches what isDecimal accepts.
const decimalPattern = `[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?`

// zeroPattern matches the decimals that are 0, which parseWithUnit accepts
// without a unit.
const zeroPattern = `[+-]?(?:0+(?:\.0*)?|\.0+)(?:[eE][+-]?[0-9]+)?`

// unitSchema is the schema of what parseWithUnit accepts with units and
// separator sep: a string such as "4h" or "4/h", or a bare zero, as a
// string or a number. want (such as "a duration such as 4h") and missing
// (the loader's message for a number without a unit) are for editors.
func unitSchema(units []unit, sep, want, missing string) *jsonschema.Schema {
	names := make([]string, len(units))
	for i, u := range units {
		names[i] = regexp.QuoteMeta(u.name)
	}
	// Longest first, so that the alternation reads as the units do.
	slices.SortStableFunc(names, func(a, b string) int { return cmp.Compare(len(b), len(a)) })
	sepPattern := `\s*`
	if sep != "" {
		sepPattern = `\s*` + regexp.QuoteMeta(sep) + `\s*`
	}
	pattern := `^\s*(?:` + decimalPattern + sepPattern + `(?:` + strings.Join(names, "|") + `)|` + zeroPattern + `)\s*$`
	unitList := make([]string, len(units))
	for i, u := range units {
		unitList[i] = sep + u.name
	}
	// The loader's message for a bare number goes on both alternatives, and
	// the string's type is written as a list, so that VS Code's YAML
	// extension shows it rather than a merged "Incorrect type".
	text := &jsonschema.Schema{Pattern: pattern}
	setTypes(text, "string")
	setExtra(text, "patternErrorMessage", fmt.Sprintf("want %s (units: %s)", want, strings.Join(unitList, ", ")))
	setExtra(text, "errorMessage", missing)
	zero := &jsonschema.Schema{Type: "number", Const: 0}
	setExtra(zero, "errorMessage", missing)
	return &jsonschema.Schema{AnyOf: []*jsonschema.Schema{text, zero}}
}

// parseMessage returns the loader's message for bad input to parse,
// without the part that quotes the input: ParseDuration("4") fails with
// `bad duration "4": missing unit: …`, which gives "missing unit: …".
func parseMessage(parse func(string) error, input string) string {
	err := parse(input)
	if err == nil {
		return ""
	}
	_, msg, ok := strings.Cut(err.Error(), ": ")
	if !ok {
		return err.Error()
	}
	return msg
}

// setExtra sets keyword key of s to value unless value is empty. The
// schema uses two keywords outside the standard, patternErrorMessage and
// errorMessage, which replace an editor's own message when pattern, or the
// schema, fails; VS Code's JSON and YAML extensions read them and
// validators ignore them.
func setExtra(s *jsonschema.Schema, key, value string) {
	if value == "" {
		return
	}
	if s.Extras == nil {
		s.Extras = map[string]any{}
	}
	s.Extras[key] = value
}

// setTypes sets the type keyword of s to the list types. invopop's Schema
// holds a single type, so the list goes in its extra keywords.
func setTypes(s *jsonschema.Schema, types ...string) {
	s.Type = ""
	if s.Extras == nil {
		s.Extras = map[string]any{}
	}
	s.Extras["type"] = types
}

// JSONSchema returns the schema of a daily window, "08:00-18:00".
func (w Window) JSONSchema() *jsonschema.Schema {
	s := &jsonschema.Schema{Type: "string", Pattern: w.schemaPattern()}
	setExtra(s, "patternErrorMessage", "want a daily window such as "+windowExample)
	return s
}

// JSONSchema returns the schema of a day name. The loader also takes other
// cases and spaces ("Sat "); editors complete the names as it writes them.
func (Day) JSONSchema() *jsonschema.Schema {
	days := make([]any, len(weekdayNames))
	for i, d := range weekdayNames {
		days[i] = d
	}
	return &jsonschema.Schema{Type: "string", Enum: days}
}

// JSONSchema returns the beds' when_full values.
func (w BedsWhenFull) JSONSchema() *jsonschema.Schema { return enumSchema("string", w.schemaEnum()) }

// JSONSchema returns SDEC's when_full values.
func (w SDECWhenFull) JSONSchema() *jsonschema.Schema { return enumSchema("string", w.schemaEnum()) }

// JSONSchema returns a UTC's at_closing values.
func (a UTCAtClosing) JSONSchema() *jsonschema.Schema { return enumSchema("string", a.schemaEnum()) }

// JSONSchema returns the electives' when_full values.
func (w ElectivesWhenFull) JSONSchema() *jsonschema.Schema {
	return enumSchema("string", w.schemaEnum())
}

// JSONSchema returns a cohort's age bands.
func (a Age) JSONSchema() *jsonschema.Schema { return enumSchema("string", a.schemaEnum()) }

// JSONSchema lists the boarding values of an ED.
func (b EDBoarding) JSONSchema() *jsonschema.Schema { return enumSchema("string", b.schemaEnum()) }

// JSONSchema returns a hub's working days a week: 5 or 7.
func (h HubDays) JSONSchema() *jsonschema.Schema { return enumSchema("integer", h.schemaEnum()) }

// enumSchema is the schema of a value of type typ that is one of values.
func enumSchema(typ string, values []any) *jsonschema.Schema {
	return &jsonschema.Schema{Type: typ, Enum: values}
}

// JSONSchemaExtend bounds a schedule's rules (limits.go), on the type so
// that every schedule, whatever unit it belongs to, carries the bound.
func (Schedule) JSONSchemaExtend(s *jsonschema.Schema) {
	n := uint64(MaxScheduleRules)
	s.MaxItems = &n
}
