// Package testutil holds the helpers gatehouse's tests share: a settable
// [Clock], a goroutine-safe log sink ([SyncBuffer]) and [Faulty], an
// adapter wrapper that counts the calls of each method and fails the ones a
// test chooses. It is imported only by tests.
package testutil
