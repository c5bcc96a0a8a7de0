package logfold

import (
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/internal/testutil"
)

// TestFold: 1000 identical warnings in one interval are one line, the
// next after the interval carries the count; different errors and lower
// levels are not folded.
func TestFold(t *testing.T) {
	var buf testutil.SyncBuffer
	c := testutil.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	log := slog.New(New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}), slog.LevelWarn, time.Minute, c.Now))
	for range 1000 {
		log.Warn("request failed", "err", errors.New("body too large"), "path", "/x")
	}
	log.Warn("request failed", "err", errors.New("another"))
	for range 3 {
		log.Info("signed in")
	}
	c.Advance(time.Minute)
	log.Warn("request failed", "err", errors.New("body too large"))
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	tests := []struct {
		name string
		want int
		sub  string
	}{
		{"folded", 2, "body too large"},
		{"other error", 1, "another"},
		{"info not folded", 3, "signed in"},
		{"count", 1, "999 more times"},
	}
	for _, tt := range tests {
		n := 0
		for _, l := range lines {
			if strings.Contains(l, tt.sub) {
				n++
			}
		}
		if n != tt.want {
			t.Errorf("%s: %d lines with %q, want %d:\n%s", tt.name, n, tt.sub, tt.want, buf.String())
		}
	}
}
