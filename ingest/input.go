package ingest

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/flate"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Input is one stream to ingest: a file, an entry of a zip archive, or standard input.
type Input struct {
	Path  string // as reported: a file path, "archive.zip!entry/name", or "-"
	Named bool   // named on the command line: failing to read or detect it is fatal
	file  string // the file to open; "" for stdin
	entry string // the zip entry inside file, if any
	index int    // the entry's place in the archive (names may repeat)
	stdin io.Reader
}

// Skipped is a file found in a directory that is not ingested, with the reason.
type Skipped struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

// Expand turns command-line paths into inputs: files as they are, directories recursively in
// lexical order, zip archives entry by entry, and "-" for stdin. A named path that does not
// exist or cannot be read is an error.
func Expand(paths []string, stdin io.Reader) ([]Input, []Skipped, error) {
	var inputs []Input
	var skipped []Skipped
	for _, p := range paths {
		if p == "-" {
			inputs = append(inputs, Input{Path: "-", Named: true, stdin: stdin})
			continue
		}
		info, err := os.Stat(p)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: cannot read input: %w (check the path)", p, errors.Unwrap(err))
		}
		if !info.IsDir() {
			in, err := fileInputs(p, true)
			if err != nil {
				return nil, nil, err
			}
			inputs = append(inputs, in...)
			continue
		}
		in, sk, err := walkDir(p)
		if err != nil {
			return nil, nil, err
		}
		inputs, skipped = append(inputs, in...), append(skipped, sk...)
	}
	return inputs, skipped, nil
}

// walkDir lists a directory's files in lexical order. Symbolic links to directories are not
// followed (so a link loop cannot trap the walk); hidden files are skipped.
func walkDir(root string) ([]Input, []Skipped, error) {
	var inputs []Input
	var skipped []Skipped
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			skipped = append(skipped, Skipped{path, err.Error()})
			return nil
		}
		if path != root && strings.HasPrefix(d.Name(), ".") {
			skipped = append(skipped, Skipped{path, "hidden"})
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			info, err := os.Stat(path)
			if err != nil || info.IsDir() {
				skipped = append(skipped, Skipped{path, "symbolic link to a directory or nowhere: not followed"})
				return nil
			}
		} else if !d.Type().IsRegular() {
			skipped = append(skipped, Skipped{path, "not a regular file"})
			return nil
		}
		in, err := fileInputs(path, false)
		if err != nil {
			skipped = append(skipped, Skipped{path, err.Error()})
			return nil
		}
		inputs = append(inputs, in...)
		return nil
	})
	return inputs, skipped, err
}

var zipMagic = []byte("PK\x03\x04")

// fileInputs returns the file as one input, or a zip archive as one input per file entry.
func fileInputs(path string, named bool) ([]Input, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%s: cannot read input: %w", path, errors.Unwrap(err))
	}
	head := make([]byte, 4)
	n, _ := io.ReadFull(f, head)
	f.Close()
	if !bytes.Equal(head[:n], zipMagic) {
		return []Input{{Path: path, Named: named, file: path}}, nil
	}
	zr, err := zip.OpenReader(path)
	if err != nil {
		return nil, fmt.Errorf("%s: not a readable zip archive: %w", path, err)
	}
	defer zr.Close()
	var inputs []Input
	for i, e := range zr.File {
		if e.FileInfo().IsDir() {
			continue
		}
		inputs = append(inputs, Input{Path: path + "!" + e.Name, Named: named, file: path, entry: e.Name, index: i})
	}
	return inputs, nil
}

// open returns the raw (still compressed, if it is) bytes of the input.
func (in *Input) open() (io.ReadCloser, error) {
	switch {
	case in.file == "":
		return io.NopCloser(in.stdin), nil
	case in.entry == "":
		return os.Open(in.file)
	}
	zr, err := zip.OpenReader(in.file)
	if err != nil {
		return nil, err
	}
	if in.index >= len(zr.File) || zr.File[in.index].Name != in.entry {
		zr.Close()
		return nil, fmt.Errorf("entry %q is gone from the archive", in.entry)
	}
	zr.RegisterDecompressor(zip.Deflate, zipDeflate)
	e := zr.File[in.index]
	compressed := int64(e.CompressedSize64)
	if err := expansionError("zip entry", int64(e.UncompressedSize64), compressed); err != nil {
		zr.Close()
		return nil, err // archive/zip refuses an entry longer than it declares: no need to read it
	}
	rc, err := e.Open()
	if err != nil {
		zr.Close()
		return nil, err
	}
	guard := &expansionGuard{r: rc, what: "zip entry", compressed: func() int64 { return compressed }}
	return &zipEntryReader{Reader: guard, entry: rc, archive: zr}, nil
}

// zipDeflate decompresses a deflated zip entry reading the archive compressedBuffer at a time
// (archive/zip's own reader reads it 4 KiB a system call).
func zipDeflate(r io.Reader) io.ReadCloser {
	return flate.NewReader(bufio.NewReaderSize(r, compressedBuffer))
}

type zipEntryReader struct {
	io.Reader
	entry   io.Closer
	archive *zip.ReadCloser
}

func (z *zipEntryReader) Close() error {
	err := z.entry.Close()
	if cerr := z.archive.Close(); err == nil {
		err = cerr
	}
	return err
}

// prehash returns the SHA-256 of a plain file before it is parsed, so that a file already in
// the store is skipped without parsing it; "" for stdin and zip entries (hashed as they stream).
func (in *Input) prehash() (string, error) {
	if in.file == "" || in.entry != "" {
		return "", nil
	}
	f, err := os.Open(in.file)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// isGzipFile reports whether a file starts with the gzip magic bytes.
func isGzipFile(path string) (bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	head := make([]byte, 2)
	n, _ := io.ReadFull(f, head)
	return bytes.Equal(head[:n], gzipMagic), nil
}

// small reports whether the input is a file on disk under SmallFileBytes (compressed or not).
func (in Input) small() bool {
	if in.file == "" || in.entry != "" {
		return false
	}
	info, err := os.Stat(in.file)
	return err == nil && info.Size() < SmallFileBytes
}
