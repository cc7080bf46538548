package run

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// TestCheckSweepIsSweepsCheck: CheckSweep refuses what Sweep refuses,
// with Sweep's message, accepts what Sweep runs, and writes nothing.
func TestCheckSweepIsSweepsCheck(t *testing.T) {
	dir := t.TempDir()
	for _, sets := range [][]string{
		nil,
		{"nosuch=1,2"},
		{"sites.x.beds.capacity=1,2"},
		{"sites.main.beds.capacity=4,-1"},
		{"sites.main.beds.capacity=4,"},
		{"sites.main.beds.capacity"},
	} {
		out := filepath.Join(dir, "refused")
		checkErr := CheckSweep(mmcFile, sets, quick(out, 2))
		if checkErr == nil {
			t.Errorf("%q: CheckSweep accepts it", sets)
			continue
		}
		_, err := Sweep(context.Background(), mmcFile, sets, quick(out, 2))
		if err == nil || err.Error() != checkErr.Error() {
			t.Errorf("%q: CheckSweep says %q, Sweep %v", sets, checkErr, err)
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Errorf("%q: a refused sweep left %s (%v)", sets, out, err)
		}
	}
	out := filepath.Join(dir, "good")
	if err := CheckSweep(mmcFile, []string{"sites.main.beds.capacity=5,6"}, quick(out, 2)); err != nil {
		t.Fatalf("a good sweep: %v", err)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("CheckSweep wrote %s (%v)", out, err)
	}
}
