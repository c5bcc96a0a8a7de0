package sqlstore

import (
	"strings"
	"testing"

	"github.com/gatehouse-go/gatehouse/adapter/schema"
)

// have is an Existing given as data: table → columns; indexes are found by
// name.
type have struct {
	tables  map[string]map[string]bool
	indexes map[string]bool
}

func (h have) Columns(table string) (map[string]bool, error) { return h.tables[table], nil }

func (h have) HasIndex(_, name string, _ []string, _ bool) (bool, error) { return h.indexes[name], nil }

// complete returns what a database created from s has, less the columns
// named in drop ("table.column").
func complete(s *schema.Schema, drop ...string) have {
	h := have{tables: map[string]map[string]bool{}, indexes: map[string]bool{}}
	for _, t := range s.Tables() {
		name := s.TableName(t)
		cols := map[string]bool{}
		if t.ID != schema.IDNone {
			cols[t.IDName()] = true
		}
		for _, c := range t.Columns {
			cols[c.Name] = true
		}
		for _, d := range drop {
			if tab, col, _ := strings.Cut(d, "."); tab == name {
				delete(cols, col)
			}
		}
		h.tables[name] = cols
		for i := range t.Indexes {
			h.indexes[s.IndexName(t, &t.Indexes[i])] = true
		}
	}
	return h
}

func TestPlanAndCheck(t *testing.T) {
	v3 := schema.NextAuthV3()
	tests := []struct {
		name        string
		have        have
		wantPlan    []string // a substring of each statement, in order
		wantMissing []string // a substring of each description, in order
		wantDropped string   // an Optional column left out of the effective schema
	}{
		{"empty database", have{}, []string{
			`TABLE IF NOT EXISTS "users"`, "email", `TABLE IF NOT EXISTS "accounts"`, "compound_id", "provider_account_id", "provider_id", "user_id",
			`TABLE IF NOT EXISTS "sessions"`, "session_token", "access_token", `TABLE IF NOT EXISTS "verification_requests"`, "token",
		}, []string{`no table "users"`, `no table "accounts"`, `no table "sessions"`, `no table "verification_requests"`}, ""},
		{"up to date", complete(v3), nil, nil, ""},
		{"an Optional column missing", complete(v3, "accounts.token_type"),
			[]string{`ALTER TABLE "accounts" ADD COLUMN "token_type"`}, nil, "token_type"},
		{"a required column missing", complete(v3, "sessions.expires"),
			[]string{`ALTER TABLE "sessions" ADD COLUMN "expires"`}, []string{`table "sessions" has no column "expires"`}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			plan, err := Plan(schema.Postgres, v3, tc.have)
			if err != nil {
				t.Fatal(err)
			}
			if len(plan) != len(tc.wantPlan) {
				t.Fatalf("Plan = %d statements %q, want %d", len(plan), plan, len(tc.wantPlan))
			}
			for i, w := range tc.wantPlan {
				if !strings.Contains(plan[i], w) {
					t.Errorf("statement %d = %q, want it to contain %q", i, plan[i], w)
				}
			}
			eff, missing, err := Check(v3, tc.have)
			if err != nil {
				t.Fatal(err)
			}
			if len(missing) != len(tc.wantMissing) {
				t.Fatalf("Check missing = %q, want %d entries", missing, len(tc.wantMissing))
			}
			for i, w := range tc.wantMissing {
				if !strings.Contains(missing[i], w) {
					t.Errorf("missing[%d] = %q, want it to contain %q", i, missing[i], w)
				}
			}
			if tc.wantDropped != "" {
				for _, c := range eff.Accounts.Columns {
					if c.Name == tc.wantDropped {
						t.Errorf("the effective schema keeps the missing Optional column %q", c.Name)
					}
				}
				if len(eff.Accounts.Columns) != len(v3.Accounts.Columns)-1 {
					t.Errorf("the effective schema has %d account columns, want %d", len(eff.Accounts.Columns), len(v3.Accounts.Columns)-1)
				}
			}
		})
	}
}
