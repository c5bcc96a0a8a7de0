package gatehouse

import "github.com/google/uuid"

// statelessUserNamespace is the UUID namespace of StatelessUserID: the
// name-based (SHA-1) UUID of gatehouse's URL for the rule.
var statelessUserNamespace = uuid.NewSHA1(uuid.NameSpaceURL, []byte("https://github.com/gatehouse-go/gatehouse#StatelessUserID"))

// StatelessUserID returns the user ID gatehouse gives an OAuth sign-in when
// there is no adapter (JWT sessions without storage): the name-based UUID
// (version 5, RFC 9562 §5.5) of "provider:providerAccountID" in a namespace
// of gatehouse's own. The ID is stable (the same provider account always
// gets the same ID, across servers and restarts) and distinct across
// providers: account 42 at one provider and account 42 at another are two
// users. Provider IDs contain no ':', so no two (provider, account) pairs
// share a name. Credentials users keep the ID their Authorize function
// returns (a random UUID when it returns none), so they are distinct from
// OAuth users unless the application returns such UUIDs itself.
//
// Auth.js uses the provider's account id itself as the user ID, so that
// the same account id at two providers is one user; gatehouse departs from
// it there. An application that kept data under the old IDs can map them
// with this function.
func StatelessUserID(provider, providerAccountID string) string {
	return uuid.NewSHA1(statelessUserNamespace, []byte(provider+":"+providerAccountID)).String()
}
