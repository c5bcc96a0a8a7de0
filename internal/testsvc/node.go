package testsvc

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// Node returns the node binary for a test that runs JavaScript in dir,
// whose pinned packages (its package.json and package-lock.json) are
// installed with npm ci when probe, a path under dir/node_modules, is
// missing. Without GATEHOUSE_REQUIRE_SERVICES=1 a missing install skips
// the test with the command to run instead; a missing node is Unavailable.
func Node(t testing.TB, dir, probe string) string {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		Unavailable(t, "node", err, "apt-get install nodejs npm")
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", probe)); err != nil {
		if !Required() {
			t.Skipf("node packages not installed (%v); run: (cd %s && npm ci --legacy-peer-deps --ignore-scripts)", err, dir)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, "npm", "ci", "--legacy-peer-deps", "--ignore-scripts", "--no-audit", "--no-fund")
		cmd.Dir = dir
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("npm ci in %s: %v\n%s", dir, err, b)
		}
	}
	return node
}
