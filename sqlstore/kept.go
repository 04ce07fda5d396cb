package sqlstore

import "sync"

// keptByID keeps one value an id (a community's participation levels or
// health, a member's unread count) that costs more to compute than to
// check, with the stamp it was computed under and the time it holds until.
// A value is used only while the stamp read from the database on each call
// is the same, so a second server's writes change it; each server keeps
// its own. Kept values are shared: callers never write into them.
type keptByID[S comparable, V any] struct {
	mu  sync.Mutex
	m   map[int64]keptValue[S, V]
	max int  // entries; 0 for no bound (one a community)
	off bool // tests compare with values never kept
}

type keptValue[S comparable, V any] struct {
	stamp S
	until int64 // Unix milliseconds
	v     V
}

// newKeptByID keeps values for at most max ids, or for any number when
// max is 0.
func newKeptByID[S comparable, V any](max int) *keptByID[S, V] {
	return &keptByID[S, V]{m: map[int64]keptValue[S, V]{}, max: max}
}

// get returns the value kept for id when it was computed under stamp and
// still holds at now (Unix milliseconds).
func (c *keptByID[S, V]) get(id int64, stamp S, now int64) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	k, ok := c.m[id]
	if c.off || !ok || k.stamp != stamp || now >= k.until {
		var zero V
		return zero, false
	}
	return k.v, true
}

// put keeps id's value, computed under stamp, until then. When the bound
// is reached, the values expired at now go first, and all of them if none
// has.
func (c *keptByID[S, V]) put(id int64, stamp S, now, until int64, v V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.m[id]; !ok && c.max > 0 && len(c.m) >= c.max {
		for k, kv := range c.m {
			if now >= kv.until {
				delete(c.m, k)
			}
		}
		if len(c.m) >= c.max {
			clear(c.m)
		}
	}
	c.m[id] = keptValue[S, V]{stamp: stamp, until: until, v: v}
}

// drop forgets id's value.
func (c *keptByID[S, V]) drop(id int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, id)
}
