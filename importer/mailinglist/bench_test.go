package mailinglist

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// syntheticArchive builds a pipermail-like archive of n messages: threads of
// five, replies quoting their parent, an R session, a list footer.
func syntheticArchive(n int) []byte {
	var b bytes.Buffer
	para := strings.Repeat("The rolling regression on the xts object gives NA in the first window. ", 4)
	for i := range n {
		root := i - i%5
		fmt.Fprintf(&b, "From user%d at example.org  Mon Mar  1 %02d:%02d:00 2010\n", i%50, i/60%24, i%60)
		fmt.Fprintf(&b, "From: user%d at example.org (User Number%d)\n", i%50, i%50)
		fmt.Fprintf(&b, "Date: Mon, 1 Mar 2010 %02d:%02d:00 +0100\n", i/60%24, i%60)
		fmt.Fprintf(&b, "Subject: [R-SIG-Finance] Question number %d about rollapply?\n", root)
		if i != root {
			fmt.Fprintf(&b, "In-Reply-To: <m%d@example.org>\nReferences: <m%d@example.org>\n\t<m%d@example.org>\n", i-1, root, i-1)
		}
		fmt.Fprintf(&b, "Message-ID: <m%d@example.org>\n\n", i)
		if i != root {
			b.WriteString("User wrote:\n> " + para + "\n> " + para + "\n\n")
		}
		b.WriteString(para + "\n\n> x <- rollapply(z, 20, mean)\n> head(x)\n[1] NA NA\n\n" + para + "\n\n")
		b.WriteString("_______________________________________________\nR-SIG-Finance at stat.math.ethz.ch mailing list\n" +
			"https://stat.ethz.ch/mailman/listinfo/r-sig-finance\n-- Subscriber-posting only. If you want to post, subscribe first.\n\n")
	}
	return b.Bytes()
}

// BenchmarkParse measures the Reader alone: parsing, decoding and cleanup.
func BenchmarkParse(b *testing.B) {
	const n = 2000
	data := syntheticArchive(n)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		rd := NewReader(bytes.NewReader(data), "bench", Options{})
		count := 0
		for {
			_, err := rd.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			count++
		}
		if count != n {
			b.Fatalf("%d messages, want %d", count, n)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "msgs/s")
}

// BenchmarkScanEach measures a whole import's reading: Scan then Each, on a
// synthetic archive file of 20,000 messages.
func BenchmarkScanEach(b *testing.B) {
	const n = 20000
	path := filepath.Join(b.TempDir(), "archive.txt")
	if err := os.WriteFile(path, syntheticArchive(n), 0o644); err != nil {
		b.Fatal(err)
	}
	benchmarkScanEach(b, []string{path}, n)
}

// BenchmarkScanEachShared is BenchmarkScanEach on the shared R-SIG-Finance
// archive (1,797 messages), when present.
func BenchmarkScanEachShared(b *testing.B) {
	benchmarkScanEach(b, sharedArchive(b), 1795)
}

func benchmarkScanEach(b *testing.B, paths []string, n int) {
	ctx := context.Background()
	var size int64
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			b.Fatal(err)
		}
		size += fi.Size()
	}
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		x, err := Scan(ctx, paths, Options{})
		if err != nil {
			b.Fatal(err)
		}
		count := 0
		if err := x.Each(ctx, func(*Message) error { count++; return nil }); err != nil {
			b.Fatal(err)
		}
		if count != n {
			b.Fatalf("%d messages, want %d", count, n)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "msgs/s")
}
