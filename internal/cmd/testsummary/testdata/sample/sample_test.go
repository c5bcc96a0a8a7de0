package sample

import (
	"fmt"
	"testing"
)

func TestPasses(t *testing.T) { t.Log("quiet when passing") }

func TestSkips(t *testing.T) { t.Skip("needs the moon") }

func TestSubtests(t *testing.T) {
	t.Run("runs", func(t *testing.T) {})
	t.Run("skips", func(t *testing.T) { t.Skipf("service %s unavailable", "redis") })
}

func TestFails(t *testing.T) {
	if testing.Short() {
		return
	}
	fmt.Println("printed by the failing test")
	t.Error("the failure message")
}
