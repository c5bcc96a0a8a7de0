package sqlrow

import (
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapter/schema"
)

func TestEncoderTime(t *testing.T) {
	at := time.Date(2026, 3, 4, 5, 6, 7, 891234567, time.FixedZone("X", 3600))
	tests := []struct {
		d    schema.Dialect
		want any
	}{
		{schema.SQLite, "2026-03-04 04:06:07.891"},
		{schema.MySQL, "2026-03-04 04:06:07.891000"},
		{schema.Postgres, time.Date(2026, 3, 4, 4, 6, 7, 891000000, time.UTC)},
	}
	for _, tt := range tests {
		e := Encoder{Dialect: tt.d, TimeLayout: "2006-01-02 15:04:05.000"}
		if got := e.Time(at); got != tt.want {
			t.Errorf("%s: Time = %#v, want %#v", tt.d, got, tt.want)
		}
		if got := e.TimePtr(nil); got != nil {
			t.Errorf("%s: TimePtr(nil) = %#v, want nil", tt.d, got)
		}
	}
}

func TestEncoderValue(t *testing.T) {
	e := Encoder{Dialect: schema.Postgres}
	s := "x"
	tests := []struct {
		kind    schema.Kind
		notNull bool
		in      any
		want    any
		err     string
	}{
		{schema.String, false, "a", "a", ""},
		{schema.String, false, "", nil, ""},
		{schema.String, true, "", "", ""},
		{schema.Text, false, &s, "x", ""},
		{schema.Text, false, (*string)(nil), nil, ""},
		{schema.String, false, 3, nil, `field "f" holds text; got int`},
		{schema.Int64, false, 3, int64(3), ""},
		{schema.Int64, false, float64(4), int64(4), ""},
		{schema.Int64, false, 4.5, nil, `field "f" holds an integer; got float64`},
		{schema.Bool, false, true, true, ""},
		{schema.Bool, false, "true", nil, `field "f" holds a bool; got string`},
		{schema.JSON, false, map[string]any{"a": 1}, `{"a":1}`, ""},
		{schema.Time, false, "now", nil, `field "f" holds a time.Time; got string`},
		{schema.String, false, nil, nil, ""},
	}
	for _, tt := range tests {
		got, err := e.Value(&schema.Column{Field: "f", Kind: tt.kind, NotNull: tt.notNull}, tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("Value(%v, %#v) error = %v, want %q", tt.kind, tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("Value(%v, %#v) = %#v, %v; want %#v", tt.kind, tt.in, got, err, tt.want)
		}
	}
}

func TestEncoderAccountArgs(t *testing.T) {
	e := Encoder{Dialect: schema.SQLite, TimeLayout: "2006-01-02 15:04:05"}
	cols := []*schema.Column{
		{Field: schema.FieldUserID, Kind: schema.UserRef},
		{Field: schema.FieldProvider, Kind: schema.String, NotNull: true},
		{Field: schema.FieldCompoundID, Kind: schema.String, Auto: schema.AutoCompoundID},
		{Field: schema.FieldExpiresAt, Kind: schema.Time},
		{Field: schema.FieldRefreshToken, Kind: schema.Text},
		{Field: schema.FieldExtra, Kind: schema.JSON},
	}
	a := &adapter.Account{Provider: "github", ProviderAccountID: "1", ExpiresAt: 86400, Extra: map[string]any{"k": "v"}}
	got, err := e.AccountArgs(cols, a, time.Now(), int64(7))
	if err != nil {
		t.Fatal(err)
	}
	want := []any{int64(7), "github", nil /* 64 hex digits, checked below */, "1970-01-02 00:00:00", nil, `{"k":"v"}`}
	if len(got) != len(want) {
		t.Fatalf("AccountArgs = %#v", got)
	}
	for i := range want {
		if i == 2 {
			if s, ok := got[i].(string); !ok || len(s) != 64 {
				t.Errorf("compound id = %#v, want 64 hex digits", got[i])
			}
			continue
		}
		if got[i] != want[i] {
			t.Errorf("arg %d (%s) = %#v, want %#v", i, cols[i].Field, got[i], want[i])
		}
	}
	again, _ := e.AccountArgs(cols, a, time.Now(), int64(7))
	if again[2] != got[2] {
		t.Error("the compound id of one account differs between calls")
	}
}

func TestExpiredSQL(t *testing.T) {
	tests := []struct {
		d     schema.Dialect
		limit int
		want  string
	}{
		{schema.SQLite, 0, `DELETE FROM "s" WHERE "e" < ?`},
		{schema.SQLite, 5, `DELETE FROM "s" WHERE rowid IN (SELECT rowid FROM "s" WHERE "e" < ? LIMIT 5)`},
		{schema.MySQL, 5, `DELETE FROM "s" WHERE "e" < ? LIMIT 5`},
		{schema.Postgres, 5, `DELETE FROM "s" WHERE ("a", "b") IN (SELECT "a", "b" FROM "s" WHERE "e" < ? LIMIT 5)`},
	}
	for _, tt := range tests {
		if got := NewExpired(tt.d, `"s"`, `"e"`, []string{`"a"`, `"b"`}).SQL(tt.limit); got != tt.want {
			t.Errorf("%s limit %d:\n got %s\nwant %s", tt.d, tt.limit, got, tt.want)
		}
	}
}
