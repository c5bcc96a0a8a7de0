// Package web is gatehouse's request plumbing: what every endpoint needs to
// read a request and answer it, and nothing about sign-in itself.
//
// A [Site] holds what is fixed for the whole site (its origin or the rule
// for finding it behind a trusted proxy, the base path, cookie attributes,
// the secrets that sign CSRF cookies). [Site.NewRequest] wraps one request
// as a [Request]: its origin, cookie names, parsed body and CSRF token.
// Around them are the helpers for cookies, Auth.js's double-submit CSRF
// scheme, redirect validation, body parsing with a size bound, the client
// address, responses, and random tokens and hashes.
//
// The package does not import gatehouse; gatehouse's handler keeps the
// policy (which checks a route needs, error codes, callbacks) and uses this
// package for the mechanics.
package web
