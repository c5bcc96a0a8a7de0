package main

import (
	"slices"
	"strings"

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

// builtinIDs returns the ids of the built-in services, comma-separated in
// lines of at most width characters, for --help.
func builtinIDs(width int) string {
	var b strings.Builder
	line := 0
	for i, s := range services.All() {
		word := s.Config.ID
		if i < len(services.All())-1 {
			word += ","
		}
		switch {
		case line == 0:
		case line+1+len(word) > width:
			b.WriteByte('\n')
			line = 0
		default:
			b.WriteByte(' ')
			line++
		}
		b.WriteString(word)
		line += len(word)
	}
	return b.String()
}
