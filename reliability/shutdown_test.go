package reliability_test

import (
	"bytes"
	"encoding/json"
	"image"
	"image/png"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// TestGracefulShutdown sends SIGTERM while an upload is still arriving:
// the listener closes at once (new connections are refused), the upload
// finishes and is answered 201, and the process then exits with status 0.
func TestGracefulShutdown(t *testing.T) {
	t.Parallel()
	in := newInstance(t, "PRAXIS_DATA_DIR="+t.TempDir(), "PRAXIS_HTTP_TIMEOUTS=read=30s,shutdown=20s", "PRAXIS_LOG_LEVEL=error")
	token := in.adminToken(t)
	srv := in.start(t)
	client := in.api(token, 30*time.Second)
	client.seedThread(t, "drain")

	var img bytes.Buffer
	if err := png.Encode(&img, image.NewGray(image.Rect(0, 0, 4, 4))); err != nil {
		t.Fatal(err)
	}
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	req, err := http.NewRequest(http.MethodPost, in.url+"/api/v1/communities/drain/attachments", pr)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+token)
	type result struct {
		status int
		body   []byte
		err    error
	}
	done := make(chan result, 1)
	go func() {
		resp, err := (&http.Client{Transport: &http.Transport{}}).Do(req)
		if err != nil {
			done <- result{err: err}
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		done <- result{resp.StatusCode, b, err}
	}()
	part, err := mw.CreateFormFile("file", "slow.png")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := part.Write(img.Bytes()); err != nil {
		t.Fatalf("send the start of the upload: %v", err)
	}
	time.Sleep(500 * time.Millisecond) // the handler is now reading the body
	sentAt := time.Now()
	if err := srv.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatalf("SIGTERM: %v", err)
	}

	// New connections are refused as soon as the server stops listening.
	refused := false
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); {
		c, err := net.DialTimeout("tcp", in.addr, 200*time.Millisecond)
		if err != nil {
			refused = true
			break
		}
		c.Close()
		time.Sleep(20 * time.Millisecond)
	}
	if !refused {
		t.Errorf("new connections were still accepted 5 s after SIGTERM")
	}

	// The rest of the upload trickles in for about two seconds more.
	chunk := make([]byte, 64<<10)
	for range 10 {
		if _, err := part.Write(chunk); err != nil {
			t.Fatalf("send the upload after SIGTERM: %v", err)
		}
		time.Sleep(200 * time.Millisecond)
	}
	mw.Close()
	pw.Close()
	r := <-done
	if r.err != nil || r.status != http.StatusCreated {
		t.Fatalf("the upload in flight at SIGTERM: status %d, %v (%.300s); want 201", r.status, r.err, r.body)
	}
	var a struct {
		ID   int64
		Size int64
	}
	if err := json.Unmarshal(r.body, &a); err != nil || a.ID == 0 || a.Size != int64(img.Len()+10*len(chunk)) {
		t.Errorf("the upload's answer %s: id %d, size %d; want the whole file, %d bytes", r.body, a.ID, a.Size, img.Len()+10*len(chunk))
	}
	if err := srv.wait(t, 20*time.Second); err != nil {
		t.Errorf("praxis serve exited with %v after SIGTERM; want status 0\n%s", err, srv.output)
	}
	t.Logf("drained the upload and exited %v after SIGTERM", time.Since(sentAt).Round(time.Millisecond))

	// The upload that finished during the shutdown was kept.
	in.start(t)
	client.must(t, http.MethodGet, "/api/v1/attachments/"+strconv.FormatInt(a.ID, 10), nil, nil)
}
