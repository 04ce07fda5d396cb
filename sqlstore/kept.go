package sqlstore

import "sync"

// communityCache keeps one value a community that costs a scan of its
// recent rows to compute (participation levels, health), with the stamp
// it was computed under and the time it holds until. A value is used only
// while the stamp read from the database on each call is the same, so a
// second server's writes change it; each server keeps its own. One entry
// a community, so it stays small. Kept values are shared: callers never
// write into them.
type communityCache[S comparable, V any] struct {
	mu  sync.Mutex
	m   map[int64]keptValue[S, V]
	off bool // tests compare with values never kept
}

type keptValue[S comparable, V any] struct {
	stamp S
	until int64 // Unix milliseconds
	v     V
}

func newCommunityCache[S comparable, V any]() *communityCache[S, V] {
	return &communityCache[S, V]{m: map[int64]keptValue[S, V]{}}
}

// get returns the value kept for a community when it was computed under
// stamp and still holds at now (Unix milliseconds).
func (c *communityCache[S, V]) get(communityID int64, stamp S, now int64) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	k, ok := c.m[communityID]
	if c.off || !ok || k.stamp != stamp || now >= k.until {
		var zero V
		return zero, false
	}
	return k.v, true
}

// put keeps a community's value, computed under stamp, until then.
func (c *communityCache[S, V]) put(communityID int64, stamp S, until int64, v V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m[communityID] = keptValue[S, V]{stamp: stamp, until: until, v: v}
}
