package bench

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter/schema"
)

// CookieName is the session cookie every server in the harness reads: the
// Auth.js v5 name on plain http.
const CookieName = "authjs.session-token"

// floorQuery is the one indexed SELECT of a session read: the session by
// its (hashed) token, joined to its user.
func floorQuery(d schema.Dialect) string {
	q := "SELECT s.expires, u.id, u.name, u.email, u.image FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.session_token = "
	if d == schema.Postgres {
		return q + "$1"
	}
	return q + "?"
}

// ExplainSessionRead returns PostgreSQL's EXPLAIN ANALYZE of the session
// read for a cookie token on b, to show that it uses the indexes whatever
// the table size.
func ExplainSessionRead(ctx context.Context, b *Backend, cookie string) (string, error) {
	if b.Dialect != schema.Postgres {
		return "", errors.New("bench: EXPLAIN ANALYZE is for PostgreSQL")
	}
	db, err := b.Open(1)
	if err != nil {
		return "", err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, "EXPLAIN (ANALYZE, COSTS OFF) "+floorQuery(b.Dialect), StoredToken(cookie))
	if err != nil {
		return "", fmt.Errorf("bench: explain: %w", err)
	}
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var l string
		if err := rows.Scan(&l); err != nil {
			return "", err
		}
		lines = append(lines, "  "+l)
	}
	return strings.Join(lines, "\n"), rows.Err()
}

// Floor returns the floor server's handler: what any Go server must at
// least do to answer GET /api/auth/session with a database session. It
// reads the session cookie, hashes it, runs the one indexed SELECT (sessions
// JOIN users) on db through the same driver as gatehouse, checks the expiry
// and writes the session JSON. No CSRF, no callbacks, no refresh.
func Floor(db *sql.DB, d schema.Dialect) http.Handler {
	q := floorQuery(d)
	layout := schema.Default().TimeLayout()
	type user struct {
		ID    string `json:"id"`
		Name  string `json:"name,omitempty"`
		Email string `json:"email,omitempty"`
		Image string `json:"image,omitempty"`
	}
	type session struct {
		User    user      `json:"user"`
		Expires time.Time `json:"expires"`
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api/auth/session" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "private, no-cache, no-store")
		c, err := r.Cookie(CookieName)
		if err != nil || len(c.Value) > 512 {
			_, _ = w.Write([]byte("null"))
			return
		}
		var (
			exp                any
			s                  session
			name, email, image sql.NullString
		)
		err = db.QueryRowContext(r.Context(), q, StoredToken(c.Value)).Scan(&exp, &s.User.ID, &name, &email, &image)
		if errors.Is(err, sql.ErrNoRows) {
			_, _ = w.Write([]byte("null"))
			return
		}
		if err != nil {
			http.Error(w, "database error", http.StatusInternalServerError)
			return
		}
		switch v := exp.(type) {
		case time.Time:
			s.Expires = v
		case string:
			s.Expires, err = time.Parse(layout, v)
		case []byte:
			s.Expires, err = time.Parse(layout, string(v))
		default:
			err = errors.New("unexpected expires type")
		}
		if err != nil || s.Expires.Before(time.Now()) {
			_, _ = w.Write([]byte("null"))
			return
		}
		s.User.Name, s.User.Email, s.User.Image = name.String, email.String, image.String
		_ = json.NewEncoder(w).Encode(&s)
	})
}
