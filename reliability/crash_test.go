package reliability_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"net/http"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	_ "modernc.org/sqlite" // to read the database the server left behind
)

// TestCrashKeepsAcknowledgedWrites kills praxis serve (SIGKILL) five times
// at random moments while writers add replies through the API, restarting
// it each time. Every reply the server acknowledged with 201 must be in
// the database afterwards, with its text, and SQLite's integrity check
// must pass: a write is acknowledged only after its transaction commits
// to the WAL, which a killed process cannot lose.
func TestCrashKeepsAcknowledgedWrites(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	in := newInstance(t, "PRAXIS_DATA_DIR="+data, "PRAXIS_RATE_LIMITS=post=off", "PRAXIS_LOG_LEVEL=error")
	token := in.adminToken(t)
	srv := in.start(t)
	client := in.api(token, 10*time.Second)
	threadID := client.seedThread(t, "crash")
	path := "/api/v1/threads/" + strconv.FormatInt(threadID, 10) + "/replies"

	var mu sync.Mutex
	acked := map[int64]string{} // reply id -> text
	attempts, refused := 0, 0
	const rounds, writers = 5, 4
	for round := range rounds {
		if round > 0 {
			srv = in.start(t)
		}
		ctx, stop := context.WithCancel(t.Context())
		var wg sync.WaitGroup
		for w := range writers {
			wg.Go(func() {
				for n := 0; ctx.Err() == nil; n++ {
					text := fmt.Sprintf("Reply %d from writer %d in round %d.", n, w, round)
					var p struct{ ID int64 }
					status, _, err := client.call(ctx, http.MethodPost, path, map[string]any{"body": text}, &p)
					mu.Lock()
					attempts++
					switch {
					case err == nil && status == http.StatusCreated && p.ID > 0:
						acked[p.ID] = text
					case err == nil && status < 500:
						t.Errorf("POST %s: status %d; want 201, or no answer when the server dies", path, status)
					default:
						refused++ // the server died under this request: not acknowledged
					}
					mu.Unlock()
				}
			})
		}
		time.Sleep(time.Duration(300+rand.IntN(1200)) * time.Millisecond)
		srv.kill(t)
		stop()
		wg.Wait()
	}
	mu.Lock()
	defer mu.Unlock()
	if len(acked) < rounds*writers {
		t.Fatalf("only %d replies were acknowledged in %d rounds; the load did not run", len(acked), rounds)
	}
	t.Logf("%d attempts, %d acknowledged, %d without an answer (the server was killed or not yet back)", attempts, len(acked), refused)

	db, err := sql.Open("sqlite", filepath.Join(data, "praxis.db"))
	if err != nil {
		t.Fatalf("open the database: %v", err)
	}
	defer db.Close()
	var integrity string
	if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&integrity); err != nil || integrity != "ok" {
		t.Fatalf("PRAGMA integrity_check = %q, %v; want ok", integrity, err)
	}
	missing := 0
	for id, text := range acked {
		var got string
		err := db.QueryRow(`SELECT source FROM posts WHERE id = $1 AND thread_id = $2`, id, threadID).Scan(&got)
		if err != nil || got != text {
			missing++
			if missing <= 5 {
				t.Errorf("acknowledged reply %d: %q, %v; want %q", id, got, err, text)
			}
		}
	}
	if missing > 0 {
		t.Errorf("%d of %d acknowledged replies are missing or changed", missing, len(acked))
	}

	// The server starts again on what the kills left and serves the thread.
	in.start(t)
	var th struct {
		ReplyCount int `json:"reply_count"`
	}
	client.must(t, http.MethodGet, "/api/v1/threads/"+strconv.FormatInt(threadID, 10), nil, &th)
	if th.ReplyCount < len(acked) {
		t.Errorf("reply_count after the crashes = %d; want at least the %d acknowledged", th.ReplyCount, len(acked))
	}
}
