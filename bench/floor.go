package bench

import (
	"database/sql"
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter/schema"
)

// CookieName is the session cookie every server in the harness reads: the
// Auth.js v5 name on plain http.
const CookieName = "authjs.session-token"

// Floor returns the floor server's handler: what any Go server must at
// least do to answer GET /api/auth/session with a database session. It
// reads the session cookie, hashes it, runs the one indexed SELECT (sessions
// JOIN users) on db through the same driver as gatehouse, checks the expiry
// and writes the session JSON. No CSRF, no callbacks, no refresh.
func Floor(db *sql.DB, d schema.Dialect) http.Handler {
	q := "SELECT s.expires, u.id, u.name, u.email, u.image FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.session_token = ?"
	if d == schema.Postgres {
		q = "SELECT s.expires, u.id, u.name, u.email, u.image FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.session_token = $1"
	}
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
