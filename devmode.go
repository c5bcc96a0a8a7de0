package gatehouse

// devModer is implemented by email providers with a development mode that
// logs links instead of sending them (providers/email's DevMode).
type devModer interface {
	DevMode() (on bool, linksPage string)
}

// devMode reports whether the provider with this id is in dev mode, and
// the page that lists its links, for the verify-request page.
func (a *Auth) devMode(id string) (on bool, linksPage string) {
	p, ok := a.providers[id].(devModer)
	if !ok {
		return false, ""
	}
	return p.DevMode()
}
