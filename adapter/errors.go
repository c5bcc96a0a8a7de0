package adapter

import "errors"

// ErrNotFound is returned (possibly wrapped) when a row that a method looks
// up, updates, uses or deletes does not exist. Check for it with errors.Is.
var ErrNotFound = errors.New("adapter: not found")

// ErrConflict is returned (possibly wrapped) when a write would break a unique
// key: a user's email, an account's (provider, provider account ID), a
// session token, a verification token's (identifier, token) or an
// authenticator's credential ID. Nothing is written. Check for it with
// errors.Is.
var ErrConflict = errors.New("adapter: conflict with an existing row")

// ErrUnsupported is returned (possibly wrapped) by an optional method that
// this adapter, as configured, cannot perform: for example authenticator
// methods on a schema preset that has no authenticators table.
var ErrUnsupported = errors.New("adapter: not supported by this adapter's configuration")
