package graphio_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"strings"
	"testing"

	"github.com/prkbench/prk/graph/graphio"
)

// TestReadProgressCountsStoredBytes: the progress hook hears every byte of
// the input as stored (compressed bytes for a gzip stream).
func TestReadProgressCountsStoredBytes(t *testing.T) {
	var plain strings.Builder
	for range 5000 {
		plain.WriteString("0 1\n1 2\n")
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(plain.String()))
	zw.Close()
	for _, tc := range []struct {
		name string
		data []byte
	}{{"g.txt", []byte(plain.String())}, {"g.txt.gz", gz.Bytes()}} {
		var total int64
		ctx := graphio.WithReadProgress(context.Background(), func(n int) { total += int64(n) })
		if _, err := graphio.ReadContext(ctx, bytes.NewReader(tc.data), tc.name, graphio.LoadOptions{}); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if total != int64(len(tc.data)) {
			t.Errorf("%s: progress counted %d bytes, the input has %d", tc.name, total, len(tc.data))
		}
	}
}
