package importer

import (
	"context"
	"errors"
	"io"
	"runtime"
	"sync"

	"praxis"
	"praxis/progress"
)

// errStopped ends a producer whose consumer has stopped.
var errStopped = errors.New("stopped")

// ordered runs work on the produced items in parallel workers and hands
// them to write one at a time, in the order they were produced. Converting
// HTML and rendering markdown thus use the other cores while one goroutine
// writes to the database; ahead items (a batch's worth) are converted
// while the previous batch is being written.
func ordered[T any](ctx context.Context, workers, ahead int, produce func(emit func(T) bool) error, work func(*T), write func(*T) error) error {
	if workers < 1 {
		workers = runtime.GOMAXPROCS(0)
	}
	ahead = max(ahead, workers*64)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type slot struct {
		v    T
		done chan struct{}
	}
	jobs := make(chan *slot, ahead)
	order := make(chan *slot, ahead)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for s := range jobs {
				work(&s.v)
				close(s.done)
			}
		})
	}
	produced := make(chan error, 1)
	go func() {
		defer close(order)
		defer close(jobs)
		err := produce(func(v T) bool {
			s := &slot{v: v, done: make(chan struct{})}
			select {
			case order <- s:
			case <-ctx.Done():
				return false
			}
			select {
			case jobs <- s:
				return true
			case <-ctx.Done():
				return false
			}
		})
		if errors.Is(err, errStopped) {
			err = nil
		}
		produced <- err
	}()
	var werr error
	for s := range order {
		if werr != nil {
			continue
		}
		select {
		case <-s.done:
			if err := write(&s.v); err != nil {
				werr = err
				cancel()
			}
		case <-ctx.Done():
			werr = ctx.Err()
		}
	}
	wg.Wait()
	perr := <-produced
	if werr != nil {
		return werr
	}
	if perr == nil {
		perr = ctx.Err()
	}
	return perr
}

// batcher queues writes and runs them in transactions of size writes.
type batcher struct {
	ctx     context.Context
	store   praxis.ImportStore
	slug    string
	source  string
	size    int
	ops     []func(praxis.ImportTx) error
	bar     *progress.Bar
	pending Counts // counted by the queued writes, kept once committed
	sum     *Summary
}

func newBatcher(ctx context.Context, store praxis.ImportStore, o *Options, source string, sum *Summary, w io.Writer, label string, total int64, unit string) *batcher {
	b := &batcher{ctx: ctx, store: store, slug: o.Community, source: source, size: o.BatchSize, sum: sum}
	if w != nil {
		b.bar = progress.New(w, label, total, unit)
	}
	return b
}

// add queues a write; a full queue is written in one transaction.
func (b *batcher) add(op func(praxis.ImportTx) error) error {
	b.ops = append(b.ops, op)
	if len(b.ops) >= b.size {
		return b.flush()
	}
	return nil
}

func (b *batcher) flush() error {
	if len(b.ops) == 0 {
		return nil
	}
	b.pending = Counts{}
	err := b.store.ImportBatch(b.ctx, b.slug, b.source, func(tx praxis.ImportTx) error {
		for _, op := range b.ops {
			if err := op(tx); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	b.sum.Imported.add(b.pending)
	b.ops = b.ops[:0]
	return nil
}

// row counts one input row handled, for the progress bar.
func (b *batcher) row() {
	if b.bar != nil {
		b.bar.Add(1)
	}
}

// finish writes what is queued and ends the progress bar.
func (b *batcher) finish() error {
	err := b.flush()
	if b.bar != nil {
		b.bar.Finish()
	}
	return err
}
