package runs

import (
	"os/exec"
	"strings"
	"testing"
)

// TestProgressScript runs the status page's script under Node.js, when
// it is installed, against a fake page and event stream
// (testdata/progress_check.js).
func TestProgressScript(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed")
	}
	out, err := exec.Command(node, "testdata/progress_check.js", "assets/"+scriptName).CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "ok" {
		t.Fatalf("progress.js: %v\n%s", err, out)
	}
}
