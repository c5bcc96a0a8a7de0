package main

import (
	"slices"

	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/oauth"
	"github.com/gatehouse-go/gatehouse/providers/services"
)

// envProviders returns a provider for each built-in service (services.All)
// that has any of its variables (AUTH_<ID>_ID, _SECRET, _ISSUER, ...) set,
// configured from the environment, in the table's order. A provider with a
// missing or bad setting is an error naming the variable.
func envProviders(getenv env) ([]providers.Provider, error) {
	var out []providers.Provider
	for _, s := range services.All() {
		if !slices.ContainsFunc(s.Variables(), func(v string) bool { return getenv(v) != "" }) {
			continue
		}
		p, err := s.New(oauth.Options{Getenv: getenv})
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}
