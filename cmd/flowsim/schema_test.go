package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// shippedSchema is the schema editors use, named in each shipped
// scenario's first line.
const shippedSchema = "../../scenarios/flowsim.schema.json"

// TestSchemaFileInSync: scenarios/flowsim.schema.json is exactly what
// "flowsim schema" prints; -update rewrites it.
func TestSchemaFileInSync(t *testing.T) {
	code, stdout, stderr := flowsim(t, "schema")
	if code != 0 || stderr != "" {
		t.Fatalf("flowsim schema: exit %d, stderr %q", code, stderr)
	}
	if *update {
		if err := os.WriteFile(shippedSchema, []byte(stdout), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(readFile(t, shippedSchema), []byte(stdout)) {
		t.Errorf("scenarios/flowsim.schema.json differs from flowsim schema: run\n" +
			"\tgo generate ./sim/scenario\n" +
			"or\tgo run ./cmd/flowsim schema --out scenarios/flowsim.schema.json")
	}
}

// TestSchemaOut: --out writes the same bytes to the file and nothing to
// stdout; mistakes are usage or input errors.
func TestSchemaOut(t *testing.T) {
	_, want, _ := flowsim(t, "schema")
	path := filepath.Join(t.TempDir(), "s.json")
	code, stdout, stderr := flowsim(t, "schema", "--out", path)
	if code != 0 || stdout != "" || stderr != "" {
		t.Fatalf("schema --out: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if got := readFile(t, path); string(got) != want {
		t.Error("schema --out wrote other bytes than schema prints")
	}

	for _, c := range []struct {
		args []string
		code int
	}{
		{[]string{"schema", "extra.yaml"}, exitUsage},
		{[]string{"schema", "--bogus"}, exitUsage},
		{[]string{"schema", "--out", filepath.Join(t.TempDir(), "no", "such", "dir", "s.json")}, exitBadInput},
	} {
		if code, _, stderr := flowsim(t, c.args...); code != c.code || stderr == "" {
			t.Errorf("%q: exit %d with stderr %q, want exit %d and a message", c.args, code, stderr, c.code)
		}
	}
}
