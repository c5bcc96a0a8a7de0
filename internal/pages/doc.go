// Package pages renders gatehouse's built-in HTML pages: sign-in, sign-out,
// verify-request, error and the email-link confirm page. Pages use
// html/template and embedded assets only, and can be themed or replaced.
//
// A Renderer is built once with New, which validates the Theme (colours go
// into a style block, so only CSS colour syntax is accepted) and parses every
// template, built-in or replaced through Options.Templates. Render then
// writes one page with a status code. Pages carry the hidden csrfToken and
// callbackUrl fields that the handler's POST routes expect, as the Auth.js
// built-in pages do.
package pages
