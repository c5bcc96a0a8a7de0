package oauth

// ConfigOf exposes Service.config, the Config that Service.New checks, to
// the package's external tests.
func ConfigOf(s Service, o Options) (Config, error) { return s.config(o) }
