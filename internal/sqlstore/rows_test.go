package sqlstore

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter/schema"
)

// TestCellScanTime was sqladapter's TestNullTimeScan: every encoding a
// time comes back in reads as the same UTC instant.
func TestCellScanTime(t *testing.T) {
	want := time.Date(2021, 4, 25, 10, 11, 12, 345_000_000, time.UTC)
	berlin := time.FixedZone("CEST", 2*3600)
	tests := []struct {
		name string
		in   any
		want time.Time
	}{
		{"typeorm text", "2021-04-25 10:11:12.345", want},
		{"iso text", "2021-04-25T10:11:12.345Z", want},
		{"iso bytes", []byte("2021-04-25T10:11:12.345Z"), want},
		{"offset text", "2021-04-25T12:11:12.345+02:00", want},
		{"mysql text", "2021-04-25 10:11:12.345000", want},
		{"sqlite CURRENT_TIMESTAMP", "2021-04-25 10:11:12", want.Truncate(time.Second)},
		{"unix ms", int64(want.UnixMilli()), want},
		{"unix ms text", fmt.Sprint(want.UnixMilli()), want},
		{"time UTC", want, want},
		{"wall clock in another zone", time.Date(2021, 4, 25, 10, 11, 12, 345_000_000, berlin), want.Add(-2 * time.Hour)},
	}
	for _, tt := range tests {
		n := cell{kind: schema.Time}
		if err := n.Scan(tt.in); err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if !n.valid || !n.t.Equal(tt.want) || n.t.Location() != time.UTC {
			t.Errorf("%s: got %v (valid %v), want %v", tt.name, n.t, n.valid, tt.want)
		}
	}
	n := cell{kind: schema.Time}
	if err := n.Scan(nil); err != nil || n.valid {
		t.Errorf("nil: %v %v", n, err)
	}
	if err := n.Scan("yesterday"); err == nil || !strings.Contains(err.Error(), `"yesterday"`) {
		t.Errorf("bad text: %v", err)
	}
}
