package ingest

// WithBlockRecords returns opt with blocks of n records, so that tests cut even small files into
// many blocks for the workers.
func WithBlockRecords(opt Options, n int) Options {
	opt.blockRecords = n
	return opt
}
