package gatehouse_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// maxConsumerModules bounds the modules a program importing this package
// and a database driver pulls in, itself and gatehouse included.
const maxConsumerModules = 30

// bannedModules belong to the satellite modules (gormadapter,
// redisadapter, cmd/gatehouse, examples, sqlitetest) or were test helpers,
// and must not reach a program that imports only the core. modernc.org/sqlite
// alone would add eight modules (its C library translation and helpers).
var bannedModules = []string{
	"gorm.io/",
	"github.com/glebarez/",
	"github.com/redis/go-redis/",
	"github.com/chromedp/",
	"github.com/oauth2-proxy/mockoidc",
	"github.com/emersion/",
	"modernc.org/sqlite",
}

// TestConsumerModules builds a fresh program as a new user would: a module
// that imports this package and the PostgreSQL driver pgx, with a replace
// pointing here, tidied. Its `go list -m all` must stay at or under
// maxConsumerModules lines and name none of bannedModules: Go engineers read
// a library's go.mod before adopting it, and security scanners flag every
// module listed there. The tidy runs offline, from the module cache
// (GOPROXY=off), so a dependency's test-only requirement that was never
// downloaded is left out (go mod tidy -e) rather than fetched; listing the
// module graph needs only go.mod files, which are fetched from the proxy
// when the cache lacks them (a fresh machine's cache does).
func TestConsumerModules(t *testing.T) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is not on PATH: %v", err)
	}
	root, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	coreMod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	goLine := regexp.MustCompile(`(?m)^go \S+$`).Find(coreMod)
	if goLine == nil {
		t.Fatal("no go directive in go.mod")
	}

	dir := t.TempDir()
	files := map[string]string{
		"go.mod": "module example.com/consumer\n\n" + string(goLine) + "\n\n" +
			"require github.com/gatehouse-go/gatehouse v0.0.0\n\n" +
			"replace github.com/gatehouse-go/gatehouse => " + root + "\n",
		"main.go": "package main\n\nimport (\n\t_ \"github.com/gatehouse-go/gatehouse\"\n\t_ \"github.com/jackc/pgx/v5/stdlib\"\n)\n\nfunc main() {}\n",
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	run := func(offline bool, args ...string) string {
		t.Helper()
		cmd := exec.Command(goCmd, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod", "GOSUMDB=off", "GOTOOLCHAIN=local")
		if offline {
			cmd.Env = append(cmd.Env, "GOPROXY=off")
		}
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go %s: %v\n%s\n(`go mod download` in the repository fills the module cache)",
				strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	run(true, "mod", "tidy", "-e")
	modules := strings.Fields(run(false, "list", "-m", "-f", "{{.Path}}", "all"))

	var banned []string
	for _, m := range modules {
		for _, b := range bannedModules {
			if strings.HasPrefix(m, b) {
				banned = append(banned, m)
			}
		}
	}
	if len(modules) > maxConsumerModules || len(banned) > 0 {
		t.Errorf("a program importing gatehouse and pgx lists %d modules (at most %d allowed), banned ones: %v\n%s",
			len(modules), maxConsumerModules, banned, strings.Join(modules, "\n"))
	}
	t.Logf("%d modules", len(modules))
}
