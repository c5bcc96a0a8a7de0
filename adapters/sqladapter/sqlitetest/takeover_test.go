package sqlitetest_test

import (
	"testing"

	"github.com/gatehouse-go/gatehouse/internal/takeovertest"
)

// TestPreAccountTakeover plays the pre-account takeover through an OAuth
// provider that does not verify emails (internal/takeovertest) on the SQL
// adapter over a SQLite file: the victim's magic link must give the victim
// a user of their own. The core runs it on PostgreSQL and MariaDB.
func TestPreAccountTakeover(t *testing.T) {
	takeovertest.Run(t, openSQLite(t, map[string]string{"_pragma": "busy_timeout(10000)"}))
}
