package credentials_test

import (
	"context"
	"fmt"
	"net/http"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/credentials"
)

func ExampleNew() {
	p, err := credentials.New(credentials.Options{
		ID:   "password",
		Name: "Email and password",
		Fields: []providers.Field{
			{Name: "email", Label: "Email", Type: "email"},
			{Name: "password", Label: "Password", Type: "password"},
		},
		Authorize: func(ctx context.Context, c map[string]string, r *http.Request) (*adapter.User, error) {
			// Look the user up and compare a password hash (bcrypt, argon2id)
			// here; return (nil, nil) for wrong credentials.
			return nil, nil
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.Info().ID, p.IdentifierField(), len(p.Fields()))
	// Output: password email 2
}
