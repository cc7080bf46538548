package scenario

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// BedsWhenFull says what happens to a patient who finds every bed taken:
// "queue" (wait in FIFO order) or "lost" (turned away).
type BedsWhenFull string

// SDECWhenFull says what happens to an SDEC-suitable patient when SDEC is
// closed or full: "admit" or "wait".
type SDECWhenFull string

// ElectivesWhenFull says what happens to an elective patient who finds no
// bed: "cancel" or "queue".
type ElectivesWhenFull string

// EDBoarding says where admitted patients wait in ED for a bed:
// "cubicle" or "corridor".
type EDBoarding string

// The boarding values of an ED.
const (
	BoardCubicle  EDBoarding = "cubicle"
	BoardCorridor EDBoarding = "corridor"
)

// schemaEnum lists the values, for the JSON Schema and messages.
func (EDBoarding) schemaEnum() []any { return []any{string(BoardCubicle), string(BoardCorridor)} }

// UnmarshalYAML accepts cubicle or corridor.
func (e *EDBoarding) UnmarshalYAML(n *yaml.Node) error { return decodeEnum(n, e) }

// UnmarshalJSON accepts cubicle or corridor.
func (e *EDBoarding) UnmarshalJSON(b []byte) error { return decodeEnumJSON(b, e) }

// UTCAtClosing says what happens to patients still waiting in an urgent
// treatment centre when it closes: "see" or "to_ed".
type UTCAtClosing string

// The at_closing values of a UTC.
const (
	UTCSee  UTCAtClosing = "see"
	UTCToED UTCAtClosing = "to_ed"
)

// schemaEnum lists the values, for the JSON Schema and messages.
func (UTCAtClosing) schemaEnum() []any { return []any{string(UTCSee), string(UTCToED)} }

// UnmarshalYAML accepts see or to_ed.
func (a *UTCAtClosing) UnmarshalYAML(n *yaml.Node) error { return decodeEnum(n, a) }

// UnmarshalJSON accepts see or to_ed.
func (a *UTCAtClosing) UnmarshalJSON(b []byte) error { return decodeEnumJSON(b, a) }

// Age is a cohort's age band: "under65" or "65+". Metrics of older
// patients (emergency_los_65plus_days_mean) count the cohorts marked 65+.
type Age string

// The age bands of a cohort.
const (
	AgeUnder65 Age = "under65"
	Age65Plus  Age = "65+"
)

// schemaEnum lists the values, for the JSON Schema and messages.
func (Age) schemaEnum() []any { return []any{string(AgeUnder65), string(Age65Plus)} }

// UnmarshalYAML accepts under65 or 65+.
func (a *Age) UnmarshalYAML(n *yaml.Node) error { return decodeEnum(n, a) }

// UnmarshalJSON accepts under65 or 65+.
func (a *Age) UnmarshalJSON(b []byte) error { return decodeEnumJSON(b, a) }

// The when_full values of each section.
const (
	WhenFullQueue  BedsWhenFull      = "queue"
	WhenFullLost   BedsWhenFull      = "lost"
	SDECAdmit      SDECWhenFull      = "admit"
	SDECWait       SDECWhenFull      = "wait"
	ElectiveCancel ElectivesWhenFull = "cancel"
	ElectiveQueue  ElectivesWhenFull = "queue"
)

// schemaEnum lists the values, for the JSON Schema and messages.
func (BedsWhenFull) schemaEnum() []any { return []any{string(WhenFullQueue), string(WhenFullLost)} }

// schemaEnum lists the values, for the JSON Schema and messages.
func (SDECWhenFull) schemaEnum() []any { return []any{string(SDECAdmit), string(SDECWait)} }

// schemaEnum lists the values, for the JSON Schema and messages.
func (ElectivesWhenFull) schemaEnum() []any {
	return []any{string(ElectiveCancel), string(ElectiveQueue)}
}

// UnmarshalYAML accepts queue or lost.
func (w *BedsWhenFull) UnmarshalYAML(n *yaml.Node) error { return decodeEnum(n, w) }

// UnmarshalYAML accepts admit or wait.
func (w *SDECWhenFull) UnmarshalYAML(n *yaml.Node) error { return decodeEnum(n, w) }

// UnmarshalYAML accepts cancel or queue.
func (w *ElectivesWhenFull) UnmarshalYAML(n *yaml.Node) error { return decodeEnum(n, w) }

// UnmarshalJSON accepts queue or lost.
func (w *BedsWhenFull) UnmarshalJSON(b []byte) error { return decodeEnumJSON(b, w) }

// UnmarshalJSON accepts admit or wait.
func (w *SDECWhenFull) UnmarshalJSON(b []byte) error { return decodeEnumJSON(b, w) }

// UnmarshalJSON accepts cancel or queue.
func (w *ElectivesWhenFull) UnmarshalJSON(b []byte) error { return decodeEnumJSON(b, w) }

// textEnum is a string type with a fixed list of values.
type textEnum interface {
	~string
	schemaEnum() []any
}

// checkEnum returns the loader's message when v is not one of its type's
// values.
func checkEnum[T textEnum](v T) error {
	values := v.schemaEnum()
	if slices.Contains(values, any(string(v))) {
		return nil
	}
	names := make([]string, len(values))
	for i, x := range values {
		names[i] = x.(string)
	}
	return fmt.Errorf("must be %s, got %q", orList(names), string(v))
}

// orList writes "a or b", or "a, b or c".
func orList(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// decodeEnum decodes a scalar into *p, refusing what is not one of its
// values.
func decodeEnum[T textEnum](n *yaml.Node, p *T) error {
	s, err := scalarText(n, "one of "+orList(enumNames[T]()))
	if err != nil {
		return err
	}
	if err := checkEnum(T(s)); err != nil {
		return err
	}
	*p = T(s)
	return nil
}

// decodeEnumJSON decodes a JSON string into *p, refusing what is not one
// of its values.
func decodeEnumJSON[T textEnum](b []byte, p *T) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("want one of %s, got %s", orList(enumNames[T]()), b)
	}
	if err := checkEnum(T(s)); err != nil {
		return err
	}
	*p = T(s)
	return nil
}

// enumNames returns the values of T as text.
func enumNames[T textEnum]() []string {
	var zero T
	values := zero.schemaEnum()
	names := make([]string, len(values))
	for i, x := range values {
		names[i] = x.(string)
	}
	return names
}

// HubDays is a hub's working week: 5 (Monday to Friday) or 7 days.
type HubDays int

// Weekdays returns the days the hub works.
func (h HubDays) Weekdays() Weekdays {
	if h == 7 {
		return AllWeek
	}
	return MonToFri
}

// schemaEnum lists the values, for the JSON Schema.
func (HubDays) schemaEnum() []any { return []any{5, 7} }

// check returns the loader's message when h is neither 5 nor 7.
func (h HubDays) check() error {
	if h != 5 && h != 7 {
		return fmt.Errorf("must be 5 (Monday to Friday) or 7, got %d", int(h))
	}
	return nil
}

// UnmarshalYAML accepts 5 or 7.
func (h *HubDays) UnmarshalYAML(n *yaml.Node) error {
	const want = "5 (Monday to Friday) or 7"
	var x any
	if n.Kind != yaml.ScalarNode || n.ShortTag() == "!!str" || n.Decode(&x) != nil {
		return fmt.Errorf("want %s, got %s", want, describe(n))
	}
	i, ok := toInt64(x)
	if !ok || i < -1<<31 || i > 1<<31 {
		return fmt.Errorf("want %s, got %s", want, describe(n))
	}
	if err := HubDays(i).check(); err != nil {
		return err
	}
	*h = HubDays(i)
	return nil
}
