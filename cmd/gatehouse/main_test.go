package main

import (
	"os"
	"testing"
)

// runMainEnv, set to "1" in a child process's environment, makes the test
// binary run the command's main instead of the tests: tests that need
// `gatehouse serve` as a real process (one they can SIGKILL) start the
// test binary itself, with no separate go build.
const runMainEnv = "GATEHOUSE_TEST_RUN_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(runMainEnv) == "1" {
		main() // exits
	}
	os.Exit(m.Run())
}
