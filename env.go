package gatehouse

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
)

// ConfigFromEnv returns a Config filled from Auth.js's environment variables,
// read through getenv (pass os.Getenv; tests pass a map lookup):
//
//   - AUTH_SECRET: the secrets, comma-separated, the signing one first;
//     AUTH_SECRET_1, AUTH_SECRET_2, AUTH_SECRET_3 are appended (Auth.js's
//     rotation variables). NEXTAUTH_SECRET is used when AUTH_SECRET is unset.
//   - AUTH_URL (or NEXTAUTH_URL): Config.URL.
//   - AUTH_TRUST_HOST: Config.TrustHost ("true"/"1" or "false"/"0").
//   - AUTH_TRUSTED_PROXIES: Config.TrustedProxies, comma-separated
//     addresses or networks ("10.0.0.0/8, 192.0.2.10"); gatehouse's own.
//   - AUTH_NEXTAUTH_V4: Config.Cookies.V4Names, NextAuth.js v4 mode for apps
//     whose front end still uses next-auth 4 ("true"/"1" or "false"/"0";
//     a gatehouse variable, not an Auth.js one).
//
// Only these fields are set; the caller sets the rest (providers, adapter)
// before calling New, which checks everything. The error reports an
// unparsable AUTH_TRUST_HOST, AUTH_TRUSTED_PROXIES or AUTH_NEXTAUTH_V4.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	var cfg Config
	secret := getenv("AUTH_SECRET")
	if secret == "" {
		secret = getenv("NEXTAUTH_SECRET")
	}
	for _, s := range strings.Split(secret, ",") {
		if s = strings.TrimSpace(s); s != "" {
			cfg.Secrets = append(cfg.Secrets, s)
		}
	}
	for i := 1; i <= 3; i++ {
		if s := strings.TrimSpace(getenv(fmt.Sprintf("AUTH_SECRET_%d", i))); s != "" {
			cfg.Secrets = append(cfg.Secrets, s)
		}
	}
	cfg.URL = strings.TrimSpace(getenv("AUTH_URL"))
	if cfg.URL == "" {
		cfg.URL = strings.TrimSpace(getenv("NEXTAUTH_URL"))
	}
	if v := strings.TrimSpace(getenv("AUTH_TRUST_HOST")); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return cfg, fmt.Errorf("gatehouse: AUTH_TRUST_HOST=%q: use true or false", v)
		}
		cfg.TrustHost = b
	}
	if v := strings.TrimSpace(getenv("AUTH_NEXTAUTH_V4")); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return cfg, fmt.Errorf("gatehouse: AUTH_NEXTAUTH_V4=%q: use true or false", v)
		}
		cfg.Cookies.V4Names = b
	}
	proxies, err := ParseTrustedProxies(getenv("AUTH_TRUSTED_PROXIES"))
	if err != nil {
		return cfg, fmt.Errorf("gatehouse: AUTH_TRUSTED_PROXIES: %w", err)
	}
	cfg.TrustedProxies = proxies
	return cfg, nil
}

// ParseTrustedProxies parses a comma-separated list of proxy addresses
// ("192.0.2.10", "2001:db8::1") and networks ("10.0.0.0/8") for
// Config.TrustedProxies. Blank entries are skipped; "" gives none.
func ParseTrustedProxies(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if strings.Contains(f, "/") {
			p, err := netip.ParsePrefix(f)
			if err != nil {
				return nil, fmt.Errorf("%q is not an address or a network such as 10.0.0.0/8: %w", f, err)
			}
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, fmt.Errorf("%q is not an address or a network such as 10.0.0.0/8: %w", f, err)
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}
