package ingest

import (
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync"
)

// The decoding pipeline of one file. One goroutine cuts the records (the splitters are cheap)
// into blocks of consecutive records; workers decode blocks in parallel, each with its own
// decoder; the caller's goroutine takes the blocks in input order and hands their rows to the
// sink. So every row and reject arrives in the order one decoder reading record after record
// would have written it, with its own line, and a block's counts are added only when it is
// written: the first rejected record under --strict, or a fatal decoder error, stops the file
// there, whatever later blocks were already decoded.
//
// Memory stays flat: at most queueBlocks blocks wait between the reader and the writer, and a
// block holds at most blockRecords records or blockBytes of record text (plus one record).

const (
	blockRecords = 4096    // records in a block: the unit a worker decodes and the sink receives
	blockBytes   = 4 << 20 // record text in a block, so that blocks of big records stay small
	// A file's first block holds at most firstBlockBytes and each next one twice as much, up to
	// blockBytes: a small file (a Graph page of 1000 records, 3 MB) is cut into several blocks,
	// so that workers decode its first records while the rest are still being cut, instead of
	// one worker decoding it all after the reader, alone.
	firstBlockBytes = 128 << 10
)

// queueBlocks is how many blocks may be cut, decoding or decoded and not yet written, per worker.
const queueBlocks = 2

// learningDecoder is a Decoder whose reading of a record depends on the records before it
// (scim-access: the first record decides JSON or text, and the first line that parses picks the
// layout tried first). The pipeline decodes blocks in order on one goroutine until Learnt says
// that nothing it would learn from more records changes how it reads them; from then on every
// worker decodes with a Clone.
type learningDecoder interface {
	Decoder
	Learnt() bool
	Clone() Decoder
}

// block is a run of consecutive records of one file and, once decoded, what they gave.
type block struct {
	records []rawRecord
	readErr error // reading the file failed after these records: the file fails

	done    chan struct{} // closed when the fields below are set
	batch   *Batch
	rejects []Reject
	tally   tally
	stop    error // a fatal decoder error, or the first reject under --strict: the file fails here
}

// tally is a block's share of its file's accounting (see Source).
type tally struct {
	records, stored, rejected, outOfScope, rows int64
	outKinds                                    map[string]int64
}

func (t *tally) addTo(src *Source) {
	src.Records += t.records
	src.Stored += t.stored
	src.Rejected += t.rejected
	src.OutOfScope += t.outOfScope
	src.Rows += t.rows
	for kind, n := range t.outKinds {
		if src.OutKinds == nil {
			src.OutKinds = map[string]int64{}
		}
		src.OutKinds[kind] += n
	}
}

// pipeline holds what the reader, the workers and the writer of one file share.
type pipeline struct {
	format  *Format
	header  []string
	strict  bool
	workers int
	size    int // records per block
	bytes   int // record text of the next block (firstBlockBytes, doubling up to blockBytes)

	first Decoder       // the file's decoder, used by the reader while it is learning
	work  chan *block   // blocks for the workers, in input order
	order chan *block   // every block, in input order, for the writer
	free  chan *Batch   // written batches, for the workers to fill again
	quit  chan struct{} // closed when the writer stops early
	wg    sync.WaitGroup
}

// decodeAll decodes every record of the file and writes what they give to tx, in input order.
func decodeAll(records recordReader, format *Format, dec Decoder, header []string, tx SourceTx, src *Source, opt Options) error {
	return startPipeline(records, format, dec, header, src, opt).writeAll(tx, src)
}

// startPipeline starts cutting and decoding the file; its blocks wait, at most queueBlocks per
// worker, for writeAll (or for shutdown).
func startPipeline(records recordReader, format *Format, dec Decoder, header []string, src *Source, opt Options) *pipeline {
	p := newPipeline(format, dec, header, opt)
	p.wg.Add(1)
	go p.read(records, src)
	return p
}

// writeAll writes the file's blocks to tx in input order, then stops the pipeline.
func (p *pipeline) writeAll(tx SourceTx, src *Source) error {
	defer p.shutdown()
	out := writeBuffer{limit: p.size}
	for b := range p.order {
		<-b.done
		if b.stop != nil {
			return b.stop
		}
		b.tally.addTo(src)
		if err := out.add(tx, b.batch, b.rejects); err != nil {
			return err
		}
		p.recycle(b.batch)
		if b.readErr != nil {
			return b.readErr // the file fails: its transaction is rolled back
		}
	}
	if err := out.flush(tx); err != nil {
		return err
	}
	if src.Truncated {
		src.Records++
		src.Rejected++
		truncated := Reject{Reason: "truncated: the compressed stream ends early; records up to here were kept"}
		return tx.Write(&Batch{}, []Reject{truncated})
	}
	return nil
}

func newPipeline(format *Format, dec Decoder, header []string, opt Options) *pipeline {
	workers := opt.Workers
	if workers <= 0 {
		workers = max(2, runtime.GOMAXPROCS(0))
	}
	size := opt.blockRecords
	if size <= 0 {
		size = blockRecords
	}
	return &pipeline{
		format: format, header: header, strict: opt.Strict, workers: workers, size: size, bytes: firstBlockBytes, first: dec,
		work:  make(chan *block, workers),
		order: make(chan *block, queueBlocks*workers),
		free:  make(chan *Batch, (queueBlocks+1)*workers),
		quit:  make(chan struct{}),
	}
}

// shutdown stops the reader and the workers and waits for them, so that nothing reads the input
// after the file is done with. (A reader waiting for input on a pipe is waited for.)
func (p *pipeline) shutdown() {
	close(p.quit)
	for range p.order {
		// let a reader blocked on a full queue see quit
	}
	p.wg.Wait()
}

// read cuts the file into blocks and passes them on, in input order, until the end of the
// input, a read error, or quit.
func (p *pipeline) read(records recordReader, src *Source) {
	defer p.wg.Done()
	defer close(p.order)
	started := false
	defer func() {
		if started {
			close(p.work)
		}
	}()
	for more := true; more; {
		var b *block
		b, more = p.cut(records, src)
		if !p.dispatch(b, &started) {
			return
		}
		select {
		case p.order <- b:
		case <-p.quit:
			return
		}
	}
}

// dispatch decodes a block right here while the file's decoder is still learning, and else
// hands it to the workers, starting them the first time. It returns false on quit.
func (p *pipeline) dispatch(b *block, started *bool) bool {
	if !*started {
		if learner, ok := p.first.(learningDecoder); ok && !learner.Learnt() {
			p.decode(p.first, b)
			return true
		}
		*started = true
		if err := p.startWorkers(); err != nil {
			b.stop = err
			close(b.done)
			return true
		}
	}
	select {
	case p.work <- b:
		return true
	case <-p.quit:
		return false
	}
}

// cut reads the next block; more is false at the end of the input or after a read error.
func (p *pipeline) cut(records recordReader, src *Source) (b *block, more bool) {
	b = &block{done: make(chan struct{})}
	limit := p.bytes
	p.bytes = min(2*p.bytes, blockBytes)
	for text := 0; len(b.records) < p.size && text < limit; {
		raw, err := records.next()
		if errors.Is(err, io.EOF) {
			return b, false
		}
		if err != nil {
			b.readErr = fmt.Errorf("reading at byte %d: %w", src.Bytes, err)
			return b, false
		}
		b.records = append(b.records, raw)
		text += len(raw.raw)
	}
	return b, true
}

// startWorkers starts the workers, each with a decoder that reads the records still to come as
// the file's decoder would.
func (p *pipeline) startWorkers() error {
	decoders := make([]Decoder, p.workers)
	for i := range decoders {
		var err error
		if learner, ok := p.first.(learningDecoder); ok {
			decoders[i] = learner.Clone()
		} else if i == 0 {
			decoders[i] = p.first
		} else if decoders[i], err = p.format.NewDecoder(p.header); err != nil {
			return err
		}
	}
	p.wg.Add(len(decoders))
	for _, dec := range decoders {
		go p.work1(dec)
	}
	return nil
}

// work1 is one worker: it decodes blocks until there are none left.
func (p *pipeline) work1(dec Decoder) {
	defer p.wg.Done()
	for b := range p.work {
		select {
		case <-p.quit:
			close(b.done)
		default:
			p.decode(dec, b)
		}
	}
}

// decode decodes the records of a block into a batch and cleans it for the sink. It stops at a
// fatal error, or at the first reject under --strict.
func (p *pipeline) decode(dec Decoder, b *block) {
	defer close(b.done)
	batch := p.batch()
	b.batch = batch
	b.tally.records = int64(len(b.records))
	for _, raw := range b.records {
		reason, err := decodeOne(dec, raw, p.header, batch, &b.tally)
		if err != nil {
			b.stop = err
			return
		}
		if reason == "" {
			continue
		}
		if p.strict {
			b.stop = strictError(raw, reason)
			return
		}
		b.tally.rejected++
		b.rejects = append(b.rejects, makeReject(raw, reason))
	}
	b.records = nil // the rows and rejects hold what is kept of them
	clean(batch)
}

// batch returns an empty batch, reusing one already written when there is one.
func (p *pipeline) batch() *Batch {
	select {
	case b := <-p.free:
		return b
	default:
		return &Batch{}
	}
}

// recycle keeps a written batch for another block (the sink does not keep it: see SourceTx).
func (p *pipeline) recycle(b *Batch) {
	b.Events, b.Access, b.Connectors, b.rows, b.outOfScope = b.Events[:0], b.Access[:0], b.Connectors[:0], 0, ""
	select {
	case p.free <- b:
	default:
	}
}

// writeBuffer gathers the rows of a file's small blocks into one write: each write is an INSERT
// that DuckDB plans anew (about 1 ms), and a small file's first blocks are small on purpose
// (firstBlockBytes), so that a 3 MB Graph page would otherwise take five. A 200-page directory
// took 15 % less CPU and 7 % less time.
type writeBuffer struct {
	limit   int // rows that make a write: a full block's records
	batch   Batch
	rejects []Reject
}

// add writes a block's rows, or keeps them until there are limit rows.
func (w *writeBuffer) add(tx SourceTx, b *Batch, rejects []Reject) error {
	if w.rows() == 0 && rowsOf(b, rejects) >= w.limit {
		return tx.Write(b, rejects) // a full block: no copy
	}
	w.batch.Events = append(w.batch.Events, b.Events...)
	w.batch.Access = append(w.batch.Access, b.Access...)
	w.batch.Connectors = append(w.batch.Connectors, b.Connectors...)
	w.rejects = append(w.rejects, rejects...)
	if w.rows() < w.limit {
		return nil
	}
	return w.flush(tx)
}

func (w *writeBuffer) rows() int { return rowsOf(&w.batch, w.rejects) }

// rowsOf counts the rows a write of b and rejects stores.
func rowsOf(b *Batch, rejects []Reject) int {
	return len(b.Events) + len(b.Access) + len(b.Connectors) + len(rejects)
}

// flush writes what add kept.
func (w *writeBuffer) flush(tx SourceTx) error {
	if w.rows() == 0 {
		return nil
	}
	err := tx.Write(&w.batch, w.rejects)
	w.batch.Events, w.batch.Access, w.batch.Connectors, w.rejects = w.batch.Events[:0], w.batch.Access[:0], w.batch.Connectors[:0], w.rejects[:0]
	return err
}
