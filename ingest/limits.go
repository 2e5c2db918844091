package ingest

import (
	"errors"
	"fmt"
	"io"
)

// Limits against decompression bombs. A compressed input (a .gz file or a zip entry) may expand
// at most MaxCompressionRatio times its compressed size once RatioCheckAfter bytes have come out
// of it, and never beyond MaxDecompressedBytes. Deflate cannot expand more than about 1032 times
// and exports compress 5 to 50 times, so the ratio refuses only data built to expand (runs of
// one byte); the cap bounds the rest. They are variables so that tests can lower them.
var (
	MaxCompressionRatio  int64 = 1000
	RatioCheckAfter      int64 = 100 << 20
	MaxDecompressedBytes int64 = 64 << 30
)

// ErrDecompressionBomb is returned (wrapped) for an input that expands beyond those limits.
var ErrDecompressionBomb = errors.New("refused as a likely decompression bomb")

// expansionError says why a compressed input that gave out bytes from compressed bytes is
// refused, or returns nil when it is within the limits.
func expansionError(what string, out, compressed int64) error {
	const advice = "if the export is genuine, decompress it and ingest the plain file"
	if out > MaxDecompressedBytes {
		return fmt.Errorf("the %s expands to more than %s: %w; %s", what, byteSize(MaxDecompressedBytes), ErrDecompressionBomb, advice)
	}
	if out > RatioCheckAfter && out/max(compressed, 1) > MaxCompressionRatio {
		return fmt.Errorf("the %s expands more than %d times (%s from %s): %w; %s",
			what, MaxCompressionRatio, byteSize(out), byteSize(compressed), ErrDecompressionBomb, advice)
	}
	return nil
}

// expansionGuard passes on a decompressed stream until it expands beyond the limits.
type expansionGuard struct {
	r          io.Reader
	what       string       // "gzip stream", "zip entry"
	compressed func() int64 // compressed bytes behind what came out so far
	out        int64
	err        error
}

func (g *expansionGuard) Read(p []byte) (int, error) {
	if g.err != nil {
		return 0, g.err
	}
	n, err := g.r.Read(p)
	g.out += int64(n)
	if g.err = expansionError(g.what, g.out, g.compressed()); g.err != nil {
		return n, g.err
	}
	return n, err
}

// byteCounter counts the compressed bytes a decompressor consumes. It is an io.ByteReader, so
// that gzip and flate read from it directly instead of buffering ahead of the count.
type byteCounter struct {
	r interface {
		io.Reader
		io.ByteReader
	}
	n int64
}

func (c *byteCounter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func (c *byteCounter) ReadByte() (byte, error) {
	b, err := c.r.ReadByte()
	if err == nil {
		c.n++
	}
	return b, err
}

func byteSize(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
