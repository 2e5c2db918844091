// Package inflate reads gzip like compress/gzip, and besides notes places in the compressed
// input where reading can start again later — the start of a deflate block, with the 32 KiB
// of output before it — so that a reader can go back to a line of a large .gz without
// inflating everything before it (the zran technique of zlib's examples). flate.go and
// dict_decoder.go are Go's own inflater, changed only where they say "inflate:".
package inflate

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"hash/crc32"
	"io"
)

// Checkpoint is the start of a deflate block, where inflating can resume.
type Checkpoint struct {
	Bit    int64  // position in the compressed input, in bits from where the reader started
	Out    int64  // position in the output, in bytes from its start (across gzip members)
	Window []byte // the output's last 32 KiB before Out (less at the start of a member)
}

// Marker is told where every block starts (out: the output offset), and may take a
// Checkpoint there; taking one copies the window, so take only the ones you keep.
type Marker func(out int64, take func() Checkpoint)

// GzipReader reads a gzip file: every member, one after another, each checked against its CRC-32
// and size, as compress/gzip does with multistream on.
type GzipReader struct {
	in       Reader
	offset   func() int64 // bytes read from in
	f        decompressor
	mark     Marker
	out      int64  // bytes returned by Read
	crc      uint32 // of the member's output so far
	size     uint32
	checkCRC bool // false for a member entered in its middle (Resume)
	err      error
}

// NewGzipReader reads the gzip stream in, whose offset function says how many bytes were read
// from it (in must not buffer ahead beyond what it counts), calling mark at every block.
func NewGzipReader(in Reader, offset func() int64, mark Marker) (*GzipReader, error) {
	z := &GzipReader{in: in, offset: offset, mark: mark}
	if err := z.nextMember(); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, err
	}
	return z, nil
}

// ResumeGzip reads on from a checkpoint: in starts at byte cp.Bit/8 of the same compressed input,
// and the output starts at cp.Out. The member resumed in is not checked against its CRC-32
// (its start is not read); the members after it are.
func ResumeGzip(in io.Reader, cp Checkpoint) (*GzipReader, error) {
	br := bufio.NewReaderSize(in, 64<<10)
	first, err := br.ReadByte()
	if err != nil {
		return nil, noEOF(err)
	}
	z := &GzipReader{in: br, offset: func() int64 { return 0 }, out: cp.Out}
	z.startStream(cp.Window)
	shift := uint(cp.Bit % 8)
	z.f.b, z.f.nb = uint32(first)>>shift, 8-shift
	return z, nil
}

// Read inflates into p.
func (z *GzipReader) Read(p []byte) (int, error) {
	for z.err == nil {
		n, err := z.f.Read(p)
		z.crc = crc32.Update(z.crc, crc32.IEEETable, p[:n])
		z.size += uint32(n)
		z.out += int64(n)
		switch {
		case err == io.EOF:
			z.err = z.endMember()
		case err != nil:
			z.err = noEOF(err)
		}
		if n > 0 {
			return n, nil
		}
	}
	return 0, z.err
}

// endMember checks a member's trailer and reads the next member's header; io.EOF when the
// input ends after the trailer.
func (z *GzipReader) endMember() error {
	var trailer [8]byte
	if _, err := io.ReadFull(z.in, trailer[:]); err != nil {
		return noEOF(err)
	}
	if z.checkCRC && (binary.LittleEndian.Uint32(trailer[:4]) != z.crc || binary.LittleEndian.Uint32(trailer[4:]) != z.size) {
		return gzip.ErrChecksum
	}
	return z.nextMember()
}

// nextMember reads a member's header (RFC 1952 §2.3) and starts inflating its data; io.EOF
// when there is no member.
func (z *GzipReader) nextMember() error {
	var head [10]byte
	if _, err := io.ReadFull(z.in, head[:1]); err != nil {
		return err // io.EOF: the input ends between members
	}
	if _, err := io.ReadFull(z.in, head[1:2]); err != nil || head[0] != 0x1f || head[1] != 0x8b {
		return gzip.ErrHeader // not gzip, even if it ends here
	}
	if _, err := io.ReadFull(z.in, head[2:]); err != nil {
		return noEOF(err)
	}
	const fhcrc, fextra, fname, fcomment = 1 << 1, 1 << 2, 1 << 3, 1 << 4
	flags := head[3]
	if head[2] != 8 || flags&0xe0 != 0 {
		return gzip.ErrHeader
	}
	if flags&fextra != 0 {
		var n [2]byte
		if _, err := io.ReadFull(z.in, n[:]); err != nil {
			return noEOF(err)
		}
		if err := z.skip(int(binary.LittleEndian.Uint16(n[:]))); err != nil {
			return err
		}
	}
	for _, flag := range []byte{fname, fcomment} {
		if flags&flag != 0 {
			if err := z.skipString(); err != nil {
				return err
			}
		}
	}
	if flags&fhcrc != 0 {
		if err := z.skip(2); err != nil {
			return err
		}
	}
	z.startStream(nil)
	z.crc, z.size, z.checkCRC = 0, 0, true
	return nil
}

// startStream starts inflating a deflate stream from z.in with this history.
func (z *GzipReader) startStream(window []byte) {
	f := &z.f
	if f.bits == nil {
		f.bits, f.codebits = new([maxNumLit + maxNumDist]int), new([numCodes]int)
	}
	*f = decompressor{r: z.in, bits: f.bits, codebits: f.codebits, dict: f.dict, step: (*decompressor).nextBlock}
	fixedHuffmanDecoderInit()
	f.dict.init(maxMatchOffset, window)
	if z.mark != nil {
		f.atBlock = z.atBlock
	}
}

// atBlock tells the marker where a block starts. No output is waiting to be read then (the
// decompressor starts a block only when all it gave is read), save what the history holds
// beyond what was flushed.
func (z *GzipReader) atBlock(f *decompressor) {
	out := z.out + int64(f.dict.availRead())
	z.mark(out, func() Checkpoint {
		return Checkpoint{Bit: z.offset()*8 - int64(f.nb), Out: out, Window: f.dict.window()}
	})
}

func (z *GzipReader) skip(n int) error {
	_, err := io.CopyN(io.Discard, z.in, int64(n))
	return noEOF(err)
}

func (z *GzipReader) skipString() error {
	for {
		c, err := z.in.ReadByte()
		if err != nil {
			return noEOF(err)
		}
		if c == 0 {
			return nil
		}
	}
}
