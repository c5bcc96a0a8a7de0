package pages_test

import (
	"fmt"
	"net/http/httptest"

	"github.com/gatehouse-go/gatehouse/internal/pages"
)

func ExampleRenderer_Render() {
	r, err := pages.New(pages.Options{})
	if err != nil {
		panic(err)
	}
	rec := httptest.NewRecorder()
	_ = r.Render(rec, 200, pages.VerifyRequest{Host: "example.com"})
	fmt.Println(rec.Code, rec.Header().Get("Content-Type"))
	// Output: 200 text/html; charset=utf-8
}
