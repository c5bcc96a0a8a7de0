package jwt

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"
)

// vectorFile is testdata/vectors/vectors.json, written by gen.mjs with the
// real @auth/core and next-auth libraries.
type vectorFile struct {
	Generator map[string]string `json:"generator"`
	Vectors   []vector          `json:"vectors"`
}

type vector struct {
	Name    string          `json:"name"`
	Version string          `json:"version"`
	Secrets []string        `json:"secrets"`
	Salt    string          `json:"salt"`
	Token   string          `json:"token"`
	Payload json.RawMessage `json:"payload"`
	Error   *string         `json:"error"`
	Chunks  []struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	} `json:"chunks"`
}

func loadVectors(t testing.TB) vectorFile {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "vectors", "vectors.json"))
	if err != nil {
		t.Fatalf("reading vectors: %v", err)
	}
	var f vectorFile
	if err := json.Unmarshal(raw, &f); err != nil {
		t.Fatalf("parsing vectors: %v", err)
	}
	if len(f.Vectors) < 20 {
		t.Fatalf("only %d vectors; regenerate with `node gen.mjs generate vectors.json`", len(f.Vectors))
	}
	return f
}

func (v vector) version(t testing.TB) Version {
	t.Helper()
	switch v.Version {
	case "v5":
		return V5
	case "v4":
		return V4
	}
	t.Fatalf("vector %q: unknown version %q", v.Name, v.Version)
	return 0
}

// normalize turns any JSON-able value into the generic form json.Unmarshal
// produces, so payloads from JavaScript and Go compare with DeepEqual.
func normalize(t testing.TB, v any) any {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	var out any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("unmarshal: %v", err)
	}
	return out
}

// clockAt returns a clock one second after the payload's iat.
func clockAt(t testing.TB, payload json.RawMessage) func() time.Time {
	t.Helper()
	var p struct {
		Iat int64 `json:"iat"`
	}
	if err := json.Unmarshal(payload, &p); err != nil || p.Iat == 0 {
		t.Fatalf("vector payload has no iat: %s", payload)
	}
	return func() time.Time { return time.Unix(p.Iat+1, 0) }
}

func TestVectorsFromJavaScript(t *testing.T) {
	f := loadVectors(t)
	t.Logf("vectors by %v", f.Generator)
	for _, v := range f.Vectors {
		t.Run(v.Name, func(t *testing.T) {
			ver := v.version(t)
			now := clockAt(t, v.Payload)
			orders := [][]string{v.Secrets}
			if len(v.Secrets) > 1 {
				rev := slices.Clone(v.Secrets)
				slices.Reverse(rev)
				orders = append(orders, rev) // rotation: any order decodes
			}
			for _, secrets := range orders {
				c, err := New(Options{Secrets: secrets, Salt: v.Salt, Version: ver, Now: now})
				if err != nil {
					t.Fatal(err)
				}
				claims, err := c.Decode(v.Token)
				if v.Error != nil {
					if *v.Error != "ERR_JWT_EXPIRED" {
						t.Fatalf("unexpected vector error %q", *v.Error)
					}
					var ce *ClaimError
					if !errors.Is(err, ErrExpired) || !errors.As(err, &ce) || ce.Claim != "exp" {
						t.Fatalf("Decode(expired vector) = %v, want ErrExpired as *ClaimError", err)
					}
					continue
				}
				if err != nil {
					t.Fatalf("Decode: %v", err)
				}
				var want any
				if err := json.Unmarshal(v.Payload, &want); err != nil {
					t.Fatal(err)
				}
				if got := normalize(t, claims); !reflect.DeepEqual(got, want) {
					t.Fatalf("claims differ\n got %v\nwant %v", got, want)
				}
				if claims.ID() == "" || claims.ExpiresAt().IsZero() || claims.IssuedAt().IsZero() {
					t.Fatalf("standard claims missing: %v", claims)
				}
			}
		})
	}
}

func TestVectorsWrongSaltOrSecret(t *testing.T) {
	f := loadVectors(t)
	other := map[string]string{
		SessionCookieV5: SecureSessionCookieV5, SecureSessionCookieV5: SessionCookieV5,
		"": "next-auth.state", "__Secure-authjs.state": "authjs.state", "next-auth.pkce.code_verifier": "",
	}
	for _, v := range f.Vectors {
		t.Run(v.Name, func(t *testing.T) {
			ver := v.version(t)
			now := clockAt(t, v.Payload)
			c, err := New(Options{Secrets: v.Secrets, Salt: other[v.Salt], Version: ver, Now: now})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := c.Decode(v.Token); !errors.Is(err, ErrDecryption) {
				t.Errorf("wrong salt: Decode = %v, want ErrDecryption", err)
			}
			c, err = New(Options{Secrets: []string{"not-the-secret"}, Salt: v.Salt, Version: ver, Now: now})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := c.Decode(v.Token); !errors.Is(err, ErrDecryption) {
				t.Errorf("wrong secret: Decode = %v, want ErrDecryption", err)
			}
			// The other generation never reads this token.
			otherVer, otherSalt := V4, ""
			if ver == V4 {
				otherVer, otherSalt = V5, SessionCookieV5
			}
			c, err = New(Options{Secrets: v.Secrets, Salt: otherSalt, Version: otherVer, Now: now})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := c.Decode(v.Token); err == nil {
				t.Errorf("%v codec decoded a %v token", otherVer, ver)
			}
		})
	}
}

func TestVectorsChunkedCookies(t *testing.T) {
	f := loadVectors(t)
	n := 0
	for _, v := range f.Vectors {
		if v.Chunks == nil {
			continue
		}
		n++
		t.Run(v.Name, func(t *testing.T) {
			ver := v.version(t)
			name := v.Chunks[0].Name[:len(v.Chunks[0].Name)-2] // strip ".0"
			// Go splits exactly as Auth.js's SessionStore does.
			got := ChunkCookie(&http.Cookie{Name: name, Value: v.Token}, ChunkSize(ver))
			if len(got) != len(v.Chunks) {
				t.Fatalf("ChunkCookie made %d cookies, Auth.js %d", len(got), len(v.Chunks))
			}
			for i, c := range got {
				if c.Name != v.Chunks[i].Name || c.Value != v.Chunks[i].Value {
					t.Fatalf("chunk %d: got %s (%d chars), Auth.js %s (%d chars)", i, c.Name, len(c.Value), v.Chunks[i].Name, len(v.Chunks[i].Value))
				}
			}
			// Reassemble from a request whose cookies arrive in reverse order.
			r := httptest.NewRequest("GET", "/", nil)
			for i := len(v.Chunks) - 1; i >= 0; i-- {
				r.AddCookie(&http.Cookie{Name: v.Chunks[i].Name, Value: v.Chunks[i].Value})
			}
			if ReadChunked(r, name) != v.Token {
				t.Fatal("ReadChunked did not reassemble the Auth.js chunks")
			}
			g, err := NewGetter(GetterOptions{Secrets: v.Secrets, Version: ver, Now: clockAt(t, v.Payload)})
			if err != nil {
				t.Fatal(err)
			}
			claims, err := g.GetToken(r)
			if err != nil {
				t.Fatalf("GetToken: %v", err)
			}
			var want any
			_ = json.Unmarshal(v.Payload, &want)
			if !reflect.DeepEqual(normalize(t, claims), want) {
				t.Fatal("GetToken claims differ from the library's payload")
			}
		})
	}
	if n < 3 {
		t.Fatalf("only %d chunked vectors", n)
	}
}
