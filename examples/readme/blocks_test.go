package readme_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// heldBy is the comment before a README Go block naming the file that holds
// it: <!-- held by examples/readme/readme_test.go (Example_databases) -->.
var heldBy = regexp.MustCompile(`^<!-- held by (\S+)`)

// normalize drops indentation and blank lines, so a block matches the file
// whatever its nesting there.
func normalize(lines []string) []string {
	var out []string
	for _, l := range lines {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func contains(haystack, needle []string) bool {
	for i := 0; i+len(needle) <= len(haystack); i++ {
		match := true
		for j := range needle {
			if haystack[i+j] != needle[j] {
				match = false
				break
			}
		}
		if match {
			return true
		}
	}
	return false
}

// TestReadmeBlocksAreHeld checks that every ```go block of README.md is
// preceded by a "held by" comment and appears, line for line, in that file
// (which go vet and go test compile).
func TestReadmeBlocksAreHeld(t *testing.T) {
	root := filepath.Join("..", "..")
	data, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	blocks := 0
	for i := 0; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) != "```go" {
			continue
		}
		blocks++
		start := i + 1
		end := start
		for end < len(lines) && strings.TrimSpace(lines[end]) != "```" {
			end++
		}
		block := normalize(lines[start:end])
		i = end
		var holder string
		for k := start - 2; k >= 0 && k >= start-3; k-- {
			if m := heldBy.FindStringSubmatch(strings.TrimSpace(lines[k])); m != nil {
				holder = m[1]
				break
			}
		}
		if holder == "" {
			t.Errorf("README.md:%d: Go block without a <!-- held by FILE --> comment above it", start)
			continue
		}
		src, err := os.ReadFile(filepath.Join(root, holder))
		if err != nil {
			t.Errorf("README.md:%d: held by %s: %v", start, holder, err)
			continue
		}
		if !contains(normalize(strings.Split(string(src), "\n")), block) {
			t.Errorf("README.md:%d: the block is not in %s line for line; update one of them:\n%s", start, holder, strings.Join(block, "\n"))
		}
	}
	if blocks < 7 {
		t.Errorf("found %d Go blocks in README.md; the test's parser may be broken", blocks)
	}
}
