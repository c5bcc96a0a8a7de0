package oauth

import (
	"fmt"
	"os"
)

// checkCredentials reports the half-made credentials of a service's
// provider with an error naming what to set:
//
//   - no client id while Options.Getenv is nil: nothing was read from the
//     environment, which is the cause when AUTH_<ID>_ID is exported (the
//     check of the Config would only say the id is not set);
//   - a client id from the environment without its secret (AUTH_<ID>_ID
//     set, AUTH_<ID>_SECRET not): a configuration error, as the service
//     would refuse every sign-in. A public client (no secret, PKCE) is
//     configured in code, with Options.ClientID.
func checkCredentials(cfg Config, o Options) error {
	prefix := "AUTH_" + EnvPrefix(cfg.ID) + "_"
	if cfg.ClientID == "" && o.Getenv == nil {
		exported := ""
		if _, ok := os.LookupEnv(prefix + "ID"); ok {
			exported = fmt.Sprintf(" (%sID is exported, but is read only through Options.Getenv)", prefix)
		}
		return fmt.Errorf("%w: provider %q has no ClientID and Options.Getenv is nil, so nothing was read from the environment%s: pass Getenv: os.Getenv to read %sID and %sSECRET, or set Options.ClientID and Options.ClientSecret",
			ErrConfig, cfg.ID, exported, prefix, prefix)
	}
	if o.ClientID == "" && cfg.ClientID != "" && cfg.ClientSecret == "" && cfg.ClientSecretFunc == nil {
		return fmt.Errorf("%w: provider %q: %sID is set but %sSECRET is not: set %sSECRET to the client secret the service issued with the id (or Options.ClientSecret)",
			ErrConfig, cfg.ID, prefix, prefix, prefix)
	}
	return nil
}
