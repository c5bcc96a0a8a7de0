package jwt_test

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/gatehouse-go/gatehouse/jwt"
)

// A codec encrypts and decrypts session tokens the way Auth.js does.
func ExampleCodec() {
	codec, err := jwt.New(jwt.Options{
		Secrets: []string{"a-long-random-secret"}, // AUTH_SECRET, newest first
		Salt:    jwt.SessionCookieV5,              // the session cookie name
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	token, err := codec.Encode(jwt.Claims{"sub": "user-1", "email": "ada@example.com"})
	if err != nil {
		fmt.Println(err)
		return
	}
	claims, err := codec.Decode(token)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(claims.Subject(), claims.Email(), strings.Count(token, "."))

	// The cookie name is the salt: a token moved to another cookie is refused.
	other, _ := jwt.New(jwt.Options{Secrets: []string{"a-long-random-secret"}, Salt: jwt.SecureSessionCookieV5})
	_, err = other.Decode(token)
	fmt.Println(errors.Is(err, jwt.ErrDecryption))
	// Output:
	// user-1 ada@example.com 4
	// true
}

// A Go API server next to a Next.js app reads the Auth.js session cookie.
func ExampleGetter() {
	secret := "the-next-app-AUTH_SECRET"
	getter, err := jwt.NewGetter(jwt.GetterOptions{Secrets: []string{secret}})
	if err != nil {
		fmt.Println(err)
		return
	}
	api := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		claims, err := getter.GetToken(r)
		if errors.Is(err, jwt.ErrNoToken) {
			http.Error(w, "sign in first", http.StatusUnauthorized)
			return
		} else if err != nil {
			http.Error(w, "invalid session", http.StatusUnauthorized)
			return
		}
		fmt.Fprintf(w, "hello %s", claims.Name())
	})

	// What the Next.js app would have set (made here with the same secret).
	codec, _ := jwt.New(jwt.Options{Secrets: []string{secret}, Salt: jwt.SecureSessionCookieV5})
	token, _ := codec.Encode(jwt.Claims{"sub": "42", "name": "Ada"})

	r := httptest.NewRequest("GET", "https://api.example.com/me", nil)
	r.AddCookie(&http.Cookie{Name: jwt.SecureSessionCookieV5, Value: token})
	w := httptest.NewRecorder()
	api.ServeHTTP(w, r)
	fmt.Println(w.Code, w.Body.String())

	w = httptest.NewRecorder()
	api.ServeHTTP(w, httptest.NewRequest("GET", "/me", nil))
	fmt.Println(w.Code)
	// Output:
	// 200 hello Ada
	// 401
}

// Values over 3936 characters are split over numbered cookies.
func ExampleReplaceChunked() {
	r := httptest.NewRequest("GET", "/", nil)
	r.AddCookie(&http.Cookie{Name: "authjs.session-token", Value: "old"})
	c := &http.Cookie{Name: "authjs.session-token", Value: strings.Repeat("x", 5000), Path: "/", HttpOnly: true}
	for _, ck := range jwt.ReplaceChunked(r, c, jwt.ChunkSizeV5) {
		fmt.Println(ck.Name, len(ck.Value), ck.MaxAge)
	}
	// Output:
	// authjs.session-token 0 -1
	// authjs.session-token.0 3936 0
	// authjs.session-token.1 1064 0
}
