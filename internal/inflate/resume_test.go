package inflate

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"testing"
)

// counted is a byte reader that counts what is read from it, as ingest's byteCounter does.
type counted struct {
	r *bufio.Reader
	n int64
}

func (c *counted) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func (c *counted) ReadByte() (byte, error) {
	b, err := c.r.ReadByte()
	if err == nil {
		c.n++
	}
	return b, err
}

// lines makes text like an export's: repetitive JSON lines with random values, so that
// deflate uses back references across blocks and both Huffman block kinds.
func lines(n int, seed uint64) []byte {
	rng := rand.New(rand.NewPCG(seed, 1))
	var b bytes.Buffer
	for i := range n {
		fmt.Fprintf(&b, `{"line":%d,"eventType":"application.provision.user.%s","id":"%x","note":"%s"}`+"\n",
			i, []string{"push", "sync", "deactivate"}[rng.IntN(3)], rng.Uint64(), bytes.Repeat([]byte{byte('a' + rng.IntN(26))}, rng.IntN(40)))
	}
	return b.Bytes()
}

func gzipped(t *testing.T, level int, header gzip.Header, parts ...[]byte) []byte {
	t.Helper()
	var out bytes.Buffer
	for _, part := range parts { // one member each
		w, err := gzip.NewWriterLevel(&out, level)
		if err != nil {
			t.Fatal(err)
		}
		w.Header = header
		if _, err := w.Write(part); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return out.Bytes()
}

// readAll inflates data with NewGzipReader, taking a checkpoint at every block.
func readAll(t *testing.T, data []byte) ([]byte, []Checkpoint, error) {
	t.Helper()
	in := &counted{r: bufio.NewReader(bytes.NewReader(data))}
	var cps []Checkpoint
	z, err := NewGzipReader(in, func() int64 { return in.n }, func(out int64, take func() Checkpoint) {
		cps = append(cps, take())
	})
	if err != nil {
		return nil, nil, err
	}
	out, err := io.ReadAll(z)
	return out, cps, err
}

func TestGzipReaderReadsWhatCompressGzipReads(t *testing.T) {
	a, b := lines(20000, 1), lines(3000, 2)
	cases := map[string][]byte{
		"one member":               gzipped(t, gzip.DefaultCompression, gzip.Header{}, a),
		"two members":              gzipped(t, gzip.BestSpeed, gzip.Header{}, a, b),
		"name, comment and extra":  gzipped(t, gzip.BestCompression, gzip.Header{Name: "export.ndjson", Comment: "okta", Extra: []byte("xy")}, b),
		"stored blocks":            gzipped(t, gzip.NoCompression, gzip.Header{}, b),
		"an empty member and data": gzipped(t, gzip.DefaultCompression, gzip.Header{}, nil, b),
	}
	for name, data := range cases {
		t.Run(name, func(t *testing.T) {
			want := inflated(t, data)
			got, cps, err := readAll(t, data)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("inflated %d bytes, compress/gzip %d, and they differ", len(got), len(want))
			}
			if len(cps) < 2 {
				t.Fatalf("%d checkpoints, want one per block", len(cps))
			}
			for _, cp := range cps {
				if cp.Out < 0 || cp.Out > int64(len(want)) {
					t.Fatalf("checkpoint at output %d of %d", cp.Out, len(want))
				}
				if len(cp.Window) > maxMatchOffset || !bytes.HasSuffix(want[:cp.Out], cp.Window) {
					t.Fatalf("checkpoint at %d: its window is not the output before it", cp.Out)
				}
			}
		})
	}
}

func inflated(t *testing.T, data []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	want, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return want
}

func TestResumeGzipReadsOnFromEveryCheckpoint(t *testing.T) {
	data := gzipped(t, gzip.DefaultCompression, gzip.Header{}, lines(30000, 3), lines(2000, 4))
	want := inflated(t, data)
	_, cps, err := readAll(t, data)
	if err != nil {
		t.Fatal(err)
	}
	for i, cp := range cps {
		z, err := ResumeGzip(bytes.NewReader(data[cp.Bit/8:]), cp)
		if err != nil {
			t.Fatalf("checkpoint %d (bit %d): %v", i, cp.Bit, err)
		}
		got, err := io.ReadAll(z)
		if err != nil {
			t.Fatalf("checkpoint %d (bit %d): %v", i, cp.Bit, err)
		}
		if !bytes.Equal(got, want[cp.Out:]) {
			t.Fatalf("checkpoint %d (bit %d, output %d): read %d bytes on, want %d, and they differ", i, cp.Bit, cp.Out, len(got), len(want)-int(cp.Out))
		}
	}
}

func TestGzipReaderRefusesDamage(t *testing.T) {
	data := gzipped(t, gzip.DefaultCompression, gzip.Header{}, lines(2000, 5))
	badCRC := bytes.Clone(data)
	badCRC[len(badCRC)-8] ^= 0xff
	trailing := append(bytes.Clone(data), "not gzip"...)
	cases := []struct {
		name string
		data []byte
		want error
	}{
		{"a wrong CRC-32", badCRC, gzip.ErrChecksum},
		{"cut short", data[:len(data)/2], io.ErrUnexpectedEOF},
		{"cut in the trailer", data[:len(data)-3], io.ErrUnexpectedEOF},
		{"something else after a member", trailing, gzip.ErrHeader},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, _, err := readAll(t, c.data); !errors.Is(err, c.want) {
				t.Fatalf("error %v, want %v", err, c.want)
			}
		})
	}
	if _, err := NewGzipReader(&counted{r: bufio.NewReader(bytes.NewReader([]byte("plain")))}, func() int64 { return 0 }, nil); !errors.Is(err, gzip.ErrHeader) {
		t.Fatalf("plain text: error %v, want %v", err, gzip.ErrHeader)
	}
}

// FuzzGzipReader: whatever compress/gzip reads, the reader reads alike, and resumes alike
// from every block start.
func FuzzGzipReader(f *testing.F) {
	f.Add(gzippedSeed(lines(300, 6), gzip.DefaultCompression))
	f.Add(gzippedSeed(lines(50, 7), gzip.NoCompression))
	f.Add(gzippedSeed([]byte("a"), gzip.BestSpeed))
	f.Fuzz(func(t *testing.T, data []byte) {
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return
		}
		want, err := io.ReadAll(io.LimitReader(zr, 1<<20))
		if err != nil || len(want) == 1<<20 {
			return // not gzip, or too big to fuzz quickly
		}
		got, cps, err := readAll(t, data)
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("compress/gzip reads %d bytes; this reader %d (error %v)", len(want), len(got), err)
		}
		if len(cps) > 3 {
			cps = []Checkpoint{cps[1], cps[len(cps)/2], cps[len(cps)-1]}
		}
		for _, cp := range cps {
			z, err := ResumeGzip(bytes.NewReader(data[cp.Bit/8:]), cp)
			if err != nil {
				t.Fatalf("resume at bit %d: %v", cp.Bit, err)
			}
			if tail, err := io.ReadAll(z); err != nil || !bytes.Equal(tail, want[cp.Out:]) {
				t.Fatalf("resumed at bit %d (output %d): %d bytes, want %d (error %v)", cp.Bit, cp.Out, len(tail), len(want)-int(cp.Out), err)
			}
		}
	})
}

func gzippedSeed(text []byte, level int) []byte {
	var out bytes.Buffer
	w, _ := gzip.NewWriterLevel(&out, level)
	w.Write(text)
	w.Close()
	return out.Bytes()
}
