// Package readme holds the Go code blocks of the repository's README.md as
// compiled examples and tests, so that every block in the README compiles and
// the runnable ones are checked. TestReadmeBlocksAreHeld fails when a README
// block is not found, line for line, in the file its "held by" comment names.
package readme
