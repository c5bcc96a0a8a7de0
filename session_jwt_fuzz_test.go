package gatehouse

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gatehouse-go/gatehouse/jwt"
)

// FuzzJWTSessionCookie sends arbitrary Cookie headers to GET /session with
// JWT sessions. The handler must answer 200 with null or a session, never
// panic, and only ever set or delete session cookies. The only sessions it
// may accept are those of the tokens encrypted here (users u1 and u2).
func FuzzJWTSessionCookie(f *testing.F) {
	const base = "http://site.example/api/auth"
	clk := newClock()
	a, err := New(Config{Secrets: []string{testSecret}, URL: base, Now: clk.Now, Logger: discardLogger()})
	if err != nil {
		f.Fatal(err)
	}
	codec := newCodec(f, jwt.V5, "authjs.session-token", clk.Now, testSecret)
	valid, err := codec.Encode(jwt.Claims{"sub": "u1", "name": "Fuzz"})
	if err != nil {
		f.Fatal(err)
	}
	big, err := codec.Encode(jwt.Claims{"sub": "u2", "blob": strings.Repeat("b", 5000)})
	if err != nil {
		f.Fatal(err)
	}
	f.Add("authjs.session-token=" + valid)
	var chunks []string
	for _, c := range jwt.ChunkCookie(&http.Cookie{Name: "authjs.session-token", Value: big}, 0) {
		chunks = append(chunks, c.String())
	}
	f.Add(strings.Join(chunks, "; "))
	f.Add("authjs.session-token.1=" + big[jwt.ChunkSizeV5:] + "; authjs.session-token.0=" + big[:jwt.ChunkSizeV5])
	f.Add("authjs.session-token=" + valid + "; authjs.session-token.0=x")
	f.Add("authjs.session-token=%65yJ" + valid[3:])
	f.Add("authjs.session-token=a.b.c.d.e")
	f.Add("authjs.session-token.999999=x; authjs.session-token.-1=y")
	f.Add("authjs.session-token=")
	f.Add("")
	f.Fuzz(func(t *testing.T, header string) {
		req := httptest.NewRequest("GET", base+"/session", nil)
		req.Header.Set("Cookie", header)
		rec := httptest.NewRecorder()
		a.ServeHTTP(rec, req)
		if rec.Code != 200 {
			t.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
		body := strings.TrimSpace(rec.Body.String())
		if body != "null" {
			var s struct{ User SessionUser }
			if err := json.Unmarshal([]byte(body), &s); err != nil || s.User.ID == "" {
				t.Fatalf("body %q is neither null nor a session (%v)", body, err)
			}
			if s.User.ID != "u1" && s.User.ID != "u2" {
				t.Fatalf("accepted a session that no one encrypted (%q) from %q", body, header)
			}
		}
		for _, c := range rec.Result().Cookies() {
			if !strings.HasPrefix(c.Name, "authjs.session-token") {
				t.Fatalf("set cookie %q", c.Name)
			}
		}
	})
}
