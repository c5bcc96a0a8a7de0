package web_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/gatehouse-go/gatehouse/internal/web"
)

// A handler wraps each request, mints a CSRF token for a form, and checks
// the token a POST sends back.
func Example() {
	site := web.NewSite(web.Options{
		Origin:   "https://example.com",
		BasePath: "/api/auth",
		Secrets:  []string{"a-random-secret-of-at-least-32-bytes!!"},
		SameSite: http.SameSiteLaxMode,
	})

	// GET: a page with a form.
	w := httptest.NewRecorder()
	rq, _ := site.NewRequest(w, httptest.NewRequest("GET", "/api/auth/signin", nil))
	token := rq.CSRFToken()
	cookie := w.Result().Cookies()[0]
	fmt.Println(cookie.Name, rq.BaseURL())

	// POST: the browser sends the cookie and the form field.
	r := httptest.NewRequest("POST", "/api/auth/signout", nil)
	r.AddCookie(cookie)
	rq, _ = site.NewRequest(httptest.NewRecorder(), r)
	fmt.Println(rq.CSRFValid(token), rq.CSRFValid("forged"))
	// Output:
	// __Host-authjs.csrf-token https://example.com/api/auth
	// true false
}
